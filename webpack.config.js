/**
 * The add-in's web build (dist/):
 *   taskpane.html + taskpane.js   the pane (React + Fluent UI v9, the core, the bundled catalog) and, in the
 *                                 same shared runtime (manifest <Runtimes>), the ribbon's functions ("Check")
 *   notify.html + notify.js       the small dialog that shows the ribbon check's counts
 *   help.html, manifest.xml, assets/, templates/<id>.xlsx (written by the CLI: scripts/build-templates.js)
 *
 * Options (environment):
 *   ADDIN_URL=https://host/path/   where dist/ is served in production (rewrites https://localhost:3000/ in the manifest)
 *   CATALOG_URL=https://host/rel/  the catalog release the pane loads on start (default: catalog/, the one bundled in
 *                                  dist/catalog by scripts/build-release.js); see src/excel/catalog-config.ts
 *   CATALOG_PUBLIC_KEY=FILE.pem    Ed25519 public key: the pane then refuses releases not signed with its private key
 *   OFFICE_JS_LOCAL=1              serve office.js from dist/office-js/ (a packaged copy of @microsoft/office-js,
 *                                  for intranets without internet; install it first: npm install --no-save @microsoft/office-js)
 *   NO_DEV_CERTS=1                 dev server: webpack-dev-server's own self-signed certificate instead of
 *                                  office-addin-dev-certs (which needs sudo on Linux; it is also the fallback when it fails)
 *   --env e2eStub                  build only the browser stub of Office/Excel used by test/e2e (build/e2e/office-stub.js)
 */
const path = require("path");
const fs = require("fs");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_URL = "https://localhost:3000/";
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const PORT = Number(process.env.npm_package_config_dev_server_port || 3000);

const tsRule = {
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: {
    loader: "ts-loader",
    // Type checking is `npm run typecheck`; ES modules let webpack drop what the pane does not use.
    options: { transpileOnly: true, compilerOptions: { module: "es2020", sourceMap: true } },
  },
};

async function httpsOptions() {
  if (process.env.NO_DEV_CERTS === "1") return undefined;
  try {
    const devCerts = require("office-addin-dev-certs");
    const o = await devCerts.getHttpsServerOptions();
    return { ca: o.ca, key: o.key, cert: o.cert };
  } catch (e) {
    console.warn(`office-addin-dev-certs is not usable here (${e && e.message}); using webpack-dev-server's self-signed certificate.`);
    return undefined;
  }
}

function stubConfig(mode) {
  return {
    name: "e2e-stub",
    mode,
    target: "web",
    devtool: false,
    entry: { "office-stub": "./test/e2e/stub/office-stub.ts" },
    output: { path: path.resolve(__dirname, "build", "e2e"), filename: "[name].js", clean: true },
    resolve: { extensions: [".ts", ".js"] },
    module: { rules: [tsRule] },
    performance: { hints: false },
  };
}

/** The digest of the release in build/addin-catalog (written by `npm run build:templates`), or "". */
function buildDigest(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")).digest || "";
  } catch {
    return "";
  }
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || "production";
  if (env.e2eStub) return stubConfig(mode);
  const dev = mode === "development";
  const local = process.env.OFFICE_JS_LOCAL === "1";
  const prodUrl = process.env.ADDIN_URL || DEV_URL;
  const officeJs = local ? "office-js/office.js" : OFFICE_CDN;
  const localOffice = path.resolve(__dirname, "node_modules", "@microsoft", "office-js", "dist");
  if (local && !fs.existsSync(localOffice))
    throw new Error("OFFICE_JS_LOCAL=1 needs the packaged office.js: npm install --no-save @microsoft/office-js (then build again)");
  const templates = path.resolve(__dirname, "build", "addin-templates");
  const releaseDir = path.resolve(__dirname, "build", "addin-catalog");
  if (!fs.existsSync(releaseDir)) console.warn("build/addin-catalog is missing: run `npm run build:templates` (npm run build does) so the pane has its bundled catalog release.");
  if (!fs.existsSync(templates)) console.warn("build/addin-templates is missing: run `npm run build:templates` (npm run build does) so the pane can insert template files.");

  const page = (name, chunks, template) =>
    new HtmlWebpackPlugin({ filename: `${name}.html`, template, chunks, templateParameters: { officeJs }, scriptLoading: "defer" });

  return {
    name: "addin",
    mode,
    devtool: dev ? "eval-source-map" : "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      notify: "./src/commands/notify.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      chunkFilename: "[name].[contenthash:8].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    module: { rules: [tsRule] },
    plugins: [
      page("taskpane", ["taskpane"], "./src/taskpane/taskpane.html"),
      page("notify", ["notify"], "./src/commands/notify.html"),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/help.html", to: "help.html" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform(content) {
              if (dev) return content;
              // URLs in attributes point at ADDIN_URL; AppDomain takes its origin.
              return content
                .toString()
                .split(`"${DEV_URL}`)
                .join(`"${prodUrl}`)
                .replace(/<AppDomain>https:\/\/localhost:3000<\/AppDomain>/, `<AppDomain>${new URL(prodUrl).origin}</AppDomain>`);
            },
          },
          ...(fs.existsSync(templates) ? [{ from: "*.xlsx", context: templates, to: "templates/[name][ext]" }, { from: "index.json", context: templates, to: "templates/index.json", noErrorOnMissing: true }] : []),
          ...(local ? [{ from: "**/*", context: localOffice, to: "office-js/" }] : []),
          ...(fs.existsSync(releaseDir) ? [{ from: "**/*", context: releaseDir, to: "catalog/" }] : []),
        ],
      }),
      new webpack.DefinePlugin({
        "process.env.NODE_ENV": JSON.stringify(mode),
        "process.env.JOSPAR_CATALOG_URL": JSON.stringify(process.env.CATALOG_URL || ""),
        "process.env.JOSPAR_CATALOG_KEY": JSON.stringify(process.env.CATALOG_PUBLIC_KEY ? fs.readFileSync(process.env.CATALOG_PUBLIC_KEY, "utf8") : ""),
        // The release this build packed (the CLI analysed its patterns): the pane trusts a release with this digest.
        "process.env.JOSPAR_BUILD_DIGEST": JSON.stringify(buildDigest(releaseDir)),
      }),
    ],
    performance: { hints: false },
    devServer: {
      hot: false,
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: env.WEBPACK_SERVE ? await httpsOptions() : undefined },
      port: PORT,
      static: false,
    },
  };
};
