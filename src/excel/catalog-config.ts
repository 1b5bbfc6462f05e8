/**
 * Where the add-in takes its catalog release from, set at build time next to ADDIN_URL:
 *   CATALOG_URL=https://host/jospar-catalog/   a release folder (jospar catalog pack), on HTTPS or SharePoint;
 *                                             default "catalog/": the release bundled in dist/catalog/
 *   CATALOG_PUBLIC_KEY=keys/jospar-release.pub the Ed25519 public key (PEM); when set, unsigned or
 *                                             wrongly signed releases are refused
 * (webpack.config.js replaces these process.env values.)
 */
export const CATALOG_URL: string = process.env.JOSPAR_CATALOG_URL || "catalog/";
export const CATALOG_PUBLIC_KEY: string = process.env.JOSPAR_CATALOG_KEY || "";
/** The digest of the release packed into dist/catalog/ by the same build (build/addin-catalog/manifest.json); "" when none was. */
export const BUILD_RELEASE_DIGEST: string = process.env.JOSPAR_BUILD_DIGEST || "";
