/**
 * Where the add-in takes its catalog release from, set at build time next to ADDIN_URL:
 *   CATALOG_URL=https://host/jospar-catalog/   a release folder (jospar catalog pack), on HTTPS or SharePoint;
 *                                             default "catalog/": the release bundled in dist/catalog/
 *   CATALOG_PUBLIC_KEY=keys/jospar-release.pub the Ed25519 public key (PEM); when set, unsigned or
 *                                             wrongly signed releases are refused
 * (webpack.config.js replaces the two process.env values.)
 */
export const CATALOG_URL: string = process.env.JOSPAR_CATALOG_URL || "catalog/";
export const CATALOG_PUBLIC_KEY: string = process.env.JOSPAR_CATALOG_KEY || "";
