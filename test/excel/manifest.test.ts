/**
 * @jest-environment jsdom
 */
import { readFileSync, existsSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { execFileSync } from "child_process";
import { COMMANDS } from "../../src/commands/commands";

const ROOT = join(__dirname, "..", "..");
const XML = readFileSync(join(ROOT, "manifest.xml"), "utf8");
const OV = "http://schemas.microsoft.com/office/taskpaneappversionoverrides";
const BT = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
const XSI = "http://www.w3.org/2001/XMLSchema-instance";

function parse(): Document {
  const doc = new DOMParser().parseFromString(XML, "application/xml");
  const err = doc.getElementsByTagName("parsererror")[0];
  if (err) throw new Error(`manifest.xml is not well-formed: ${err.textContent}`);
  return doc;
}

const kids = (e: Element) => Array.from(e.children);
const names = (e: Element) => kids(e).map((c) => c.localName);
const child = (e: Element, name: string) => kids(e).find((c) => c.localName === name);

/** The order of OfficeApp's children (docs/develop/manifest-element-ordering.md, TaskPaneApp). */
const OFFICE_APP_ORDER = [
  "Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl",
  "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "DefaultSettings", "Permissions",
  "Dictionary", "VersionOverrides", "ExtendedOverrides",
];

function inOrder(actual: string[], order: string[]): boolean {
  let last = -1;
  for (const n of actual) {
    const i = order.indexOf(n);
    if (i < 0 || i < last) return false;
    last = i;
  }
  return true;
}

describe("manifest.xml", () => {
  test("office-addin-manifest info reads it (exit 0), and refuses a malformed one (exit 1)", () => {
    // scripts/manifest-info.js runs the CLI (`npm run check:manifest`); see there why it sets NODE_PATH.
    const script = join(ROOT, "scripts", "manifest-info.js");
    const out = execFileSync(process.execPath, [script, join(ROOT, "manifest.xml")], { encoding: "utf8" });
    expect(out).toContain("Type: TaskPaneApp");
    expect(out).toContain("Permissions: ReadWriteDocument");
    const bad = join(tmpdir(), `jospar-bad-manifest-${process.pid}.xml`);
    writeFileSync(bad, XML.replace("</OfficeApp>", ""));
    expect(() => execFileSync(process.execPath, [script, bad], { encoding: "utf8", stdio: "pipe" })).toThrow();
  });

  test("OfficeApp is a TaskPaneApp with its children in schema order and the required ones present", () => {
    const root = parse().documentElement;
    expect(root.localName).toBe("OfficeApp");
    expect(root.getAttributeNS(XSI, "type")).toBe("TaskPaneApp");
    const order = names(root);
    expect(inOrder(order, OFFICE_APP_ORDER)).toBe(true);
    for (const required of ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl", "HighResolutionIconUrl", "SupportUrl", "Hosts", "Requirements", "DefaultSettings", "Permissions", "VersionOverrides"])
      expect(order).toContain(required);
    expect(child(root, "Id")!.textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(child(root, "Version")!.textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  test("Excel only, ExcelApi 1.13 minimum, ReadWriteDocument and nothing more", () => {
    const root = parse().documentElement;
    const hosts = kids(child(root, "Hosts")!);
    expect(hosts.map((h) => h.getAttribute("Name"))).toEqual(["Workbook"]);
    const sets = child(child(root, "Requirements")!, "Sets")!;
    const set = kids(sets).map((s) => [s.getAttribute("Name"), s.getAttribute("MinVersion")]);
    expect(set).toEqual([["ExcelApi", "1.13"]]);
    expect(child(root, "Permissions")!.textContent).toBe("ReadWriteDocument");
    expect(child(child(root, "DefaultSettings")!, "SourceLocation")!.getAttribute("DefaultValue")).toMatch(/\/taskpane\.html$/);
  });

  test("display name and description in kk-KZ, ru-RU and en-US", () => {
    const root = parse().documentElement;
    expect(child(root, "DefaultLocale")!.textContent).toBe("en-US");
    for (const el of ["DisplayName", "Description"]) {
      const e = child(root, el)!;
      expect(e.getAttribute("DefaultValue")).toBeTruthy();
      const locales = kids(e).filter((c) => c.localName === "Override").map((c) => c.getAttribute("Locale"));
      expect(locales.sort()).toEqual(["kk-KZ", "ru-RU"]);
      for (const o of kids(e)) expect(o.getAttribute("Value")).toBeTruthy();
    }
  });

  test("ribbon: group Jospar on the Home tab with ShowTaskpane and ExecuteFunction buttons; every resid resolves", () => {
    const doc = parse();
    const vo = child(doc.documentElement, "VersionOverrides")!;
    expect(vo.namespaceURI).toBe(OV);
    expect(vo.getAttributeNS(XSI, "type")).toBe("VersionOverridesV1_0");
    expect(names(vo)).toEqual(["Hosts", "Resources"]);
    const host = child(child(vo, "Hosts")!, "Host")!;
    expect(host.getAttributeNS(XSI, "type")).toBe("Workbook");
    expect(inOrder(names(host), ["Runtimes", "AllFormFactors", "DesktopFormFactor", "MobileFormFactor"])).toBe(true);
    const dff = child(host, "DesktopFormFactor")!;
    expect(inOrder(names(dff), ["GetStarted", "FunctionFile", "ExtensionPoint"])).toBe(true);
    const ep = child(dff, "ExtensionPoint")!;
    expect(ep.getAttributeNS(XSI, "type")).toBe("PrimaryCommandSurface");
    const tab = child(ep, "OfficeTab")!;
    expect(tab.getAttribute("id")).toBe("TabHome");
    const group = child(tab, "Group")!;
    expect(inOrder(names(group), ["Label", "Icon", "Control"])).toBe(true);
    const controls = kids(group).filter((c) => c.localName === "Control");
    const actions = controls.map((c) => {
      expect(names(c)).toEqual(["Label", "Supertip", "Icon", "Action"]);
      return child(c, "Action")!.getAttributeNS(XSI, "type");
    });
    expect(actions).toEqual(["ShowTaskpane", "ExecuteFunction"]);
    const fn = child(child(controls[1], "Action")!, "FunctionName")!.textContent;
    expect(fn).toBe("checkWorkbook");
    // The function is associated under the same name by the ribbon's registration (src/commands/commands.ts).
    expect(COMMANDS.check).toBe(fn);

    const resources = child(vo, "Resources")!;
    expect(names(resources)).toEqual(["Images", "Urls", "ShortStrings", "LongStrings"]);
    const ids = new Set(Array.from(resources.getElementsByTagNameNS(BT, "*")).map((e) => e.getAttribute("id")).filter(Boolean));
    const resids = Array.from(vo.getElementsByTagName("*")).map((e) => e.getAttribute("resid")).filter((x): x is string => !!x);
    expect(resids.length).toBeGreaterThan(5);
    for (const r of resids) expect(ids).toContain(r);
    const label = Array.from(resources.getElementsByTagNameNS(BT, "String")).find((s) => s.getAttribute("id") === child(group, "Label")!.getAttribute("resid"))!;
    expect(label.getAttribute("DefaultValue")).toBe("Jospar");
    // Short strings stay within the 125-character limit, long ones within 250.
    for (const s of Array.from(child(resources, "ShortStrings")!.getElementsByTagNameNS(BT, "*")))
      expect((s.getAttribute("DefaultValue") ?? s.getAttribute("Value") ?? "").length).toBeLessThanOrEqual(125);
    for (const s of Array.from(child(resources, "LongStrings")!.getElementsByTagNameNS(BT, "*")))
      expect((s.getAttribute("DefaultValue") ?? s.getAttribute("Value") ?? "").length).toBeLessThanOrEqual(250);
  });

  test("shared runtime: the pane's page is the long-lived runtime, the function file and the pane; SharedRuntime is checked at run time, not required", () => {
    const doc = parse();
    const vo = child(doc.documentElement, "VersionOverrides")!;
    const host = child(child(vo, "Hosts")!, "Host")!;
    // <Runtimes> comes first in the Host (the schema's order); one runtime, long-lived.
    expect(names(host)[0]).toBe("Runtimes");
    const runtimes = kids(child(host, "Runtimes")!);
    expect(runtimes.map((r) => [r.localName, r.getAttribute("lifetime")])).toEqual([["Runtime", "long"]]);
    const runtime = runtimes[0].getAttribute("resid");
    // Office loads one shared runtime only when the Runtime, the FunctionFile and every ShowTaskpane action name the same resid.
    const dff = child(host, "DesktopFormFactor")!;
    expect(child(dff, "FunctionFile")!.getAttribute("resid")).toBe(runtime);
    const panes = Array.from(dff.getElementsByTagNameNS(OV, "Action")).filter((a) => a.getAttributeNS(XSI, "type") === "ShowTaskpane");
    expect(panes.length).toBe(1);
    expect(child(panes[0], "SourceLocation")!.getAttribute("resid")).toBe(runtime);
    // A shared runtime supports one task pane: it has an id.
    expect(child(panes[0], "TaskpaneId")!.textContent).toBeTruthy();
    const url = Array.from(child(vo, "Resources")!.getElementsByTagNameNS(BT, "Url")).find((u) => u.getAttribute("id") === runtime)!;
    expect(url.getAttribute("DefaultValue")).toBe(child(child(doc.documentElement, "DefaultSettings")!, "SourceLocation")!.getAttribute("DefaultValue"));
    // No other page is named any more (commands.html is gone: the ribbon's functions live in the pane's page).
    expect(XML).not.toMatch(/commands\.html|Commands\.Url/);
    // Not a manifest requirement (it would refuse the add-in where SharedRuntime is missing): the ribbon checks it at run time.
    expect(Array.from(doc.getElementsByTagName("Set")).map((s) => s.getAttribute("Name"))).not.toContain("SharedRuntime");
    expect(readFileSync(join(ROOT, "src", "commands", "commands.ts"), "utf8")).toMatch(/isSetSupported\("SharedRuntime", "1\.1"\)/);
  });

  test("every icon the manifest names exists under assets/", () => {
    const urls = [...XML.matchAll(/https:\/\/localhost:3000\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(existsSync(join(ROOT, u))).toBe(true);
  });
});
