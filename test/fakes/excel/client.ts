/**
 * Proxy-object machinery shared by every fake Excel class: queued operations, load/sync,
 * PropertyNotLoaded getters, null objects, ClientResult and event handler registration.
 *
 * Model of a batch (matches the real runtime, see office-addin-notes §3.3/§4.3):
 * - property writes and method calls push an operation onto `context` and are applied in order
 *   by `context.sync()`; the proxy remembers a written value locally (Office.js does too), so a
 *   property you wrote reads back the value you wrote, but nothing reaches the workbook before sync;
 * - `load()` pushes a read operation that snapshots the requested properties at its position in
 *   the batch; the snapshot becomes readable only when the whole sync succeeded;
 * - a proxy's target (sheet, cell rectangle, ...) is resolved when an operation first uses it in a
 *   sync; `getItem("x")` for a missing sheet therefore fails the sync that first uses it
 *   (ItemNotFound), and an `...OrNullObject` proxy queues its own resolution so that
 *   `isNullObject` is readable after the next sync.
 */

import { OfficeExtensionError, officeError, propertyNotLoaded } from "./errors";
import type { FakeRequestContext } from "./context";

export interface Op {
  /** "Range.values", "Worksheet.delete", ... (also used as errorLocation). */
  name: string;
  /** Applies the operation; may return a commit function run only if the whole sync succeeds. */
  run(): void | (() => void);
}

export interface LoadTree {
  all: boolean;
  scalars: Set<string>;
  nav: Map<string, LoadTree>;
}

function emptyTree(): LoadTree {
  return { all: false, scalars: new Set(), nav: new Map() };
}

function addPath(tree: LoadTree, path: string): void {
  const segs = path
    .split("/")
    .map((s) => s.trim())
    .filter(Boolean);
  let t = tree;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (seg === "*") {
      t.all = true;
      return;
    }
    if (i === segs.length - 1) {
      // Navigation names ("format") are recognised when the tree is applied.
      t.scalars.add(seg);
      return;
    }
    let sub = t.nav.get(seg);
    if (!sub) {
      sub = emptyTree();
      t.nav.set(seg, sub);
    }
    t = sub;
  }
}

/** Parse every load() argument form: "a, b/c", ["a","b/c"], {a:true, b:{c:true}}, {select, expand}. */
export function parseLoadSpec(spec: unknown): LoadTree {
  const tree = emptyTree();
  const add = (list: string) =>
    list
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)
      .forEach((p) => addPath(tree, p));
  if (spec === undefined || spec === null || spec === "") {
    tree.all = true;
    return tree;
  }
  if (typeof spec === "string") {
    add(spec);
    return tree;
  }
  if (Array.isArray(spec)) {
    spec.forEach((p) => typeof p === "string" && add(p));
    return tree;
  }
  if (typeof spec === "object") {
    const o = spec as Record<string, unknown>;
    if (typeof o.select === "string" || typeof o.expand === "string") {
      if (typeof o.select === "string") add(o.select);
      else tree.all = true;
      if (typeof o.expand === "string") add(o.expand);
      return tree;
    }
    const walk = (obj: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(obj)) {
        if (k === "$all") {
          if (v) addPath(tree, `${prefix}*`);
        } else if (k === "$top" || k === "$skip") continue;
        else if (v === true) addPath(tree, prefix + k);
        else if (v && typeof v === "object") {
          if (Object.keys(v).length === 0) addPath(tree, prefix + k);
          else walk(v as Record<string, unknown>, `${prefix}${k}/`);
        }
      }
    };
    walk(o, "");
    return tree;
  }
  throw officeError("InvalidArgument", undefined, "load");
}

function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as unknown as T;
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = clone(x);
    return out as T;
  }
  return v;
}

export abstract class ClientObject<T = unknown> {
  /** @internal */ _m: Record<string, unknown> = {};
  /** @internal */ _isNull: boolean | undefined = undefined;
  /** @internal */ private _cache: { seq: number; target: T | null } | undefined;
  /** @internal */ readonly _children = new Map<string, ClientObject>();

  constructor(readonly context: FakeRequestContext) {}

  /** "Range", "Worksheet", ... */
  abstract get _typeName(): string;
  /** Loadable scalar properties. */
  abstract _scalarNames(): readonly string[];
  /** Navigation properties reachable through load paths ("format", "fill", ...). */
  _navNames(): readonly string[] {
    return [];
  }
  /** Resolve the workbook entity this proxy stands for; null means a null object. */
  protected abstract _resolveTarget(): T | null;
  /** Read one scalar of the resolved target (at its position in the batch). */
  abstract _read(target: T, prop: string): unknown;

  /** @internal Resolve once per sync (lazily, at first use). */
  _resolve(): T | null {
    const seq = this.context._syncSeq;
    if (this._cache && this._cache.seq === seq) return this._cache.target;
    const target = this._resolveTarget();
    this._cache = { seq, target };
    this.context._touched.add(this);
    return target;
  }

  /** @internal Resolve for an operation: a null object fails with ItemNotFound. */
  _target(): T {
    const t = this._resolve();
    if (t === null) throw officeError("ItemNotFound", undefined, this._typeName);
    return t;
  }

  /** @internal Was the last resolution a null object? */
  _resolvedNull(): boolean | undefined {
    return this._cache ? this._cache.target === null : undefined;
  }

  /** @internal child proxy cache for navigation properties. */
  protected _child<C extends ClientObject>(name: string, make: () => C): C {
    let c = this._children.get(name) as C | undefined;
    if (!c) {
      c = make();
      this._children.set(name, c);
    }
    return c;
  }

  /** @internal */
  _get(prop: string): unknown {
    if (!(prop in this._m)) {
      if (this._isNull === true) return undefined;
      throw propertyNotLoaded(prop, this._typeName);
    }
    return this._m[prop];
  }

  /** @internal Queue a property write. */
  _setProp(prop: string, value: unknown, apply: (target: T, value: unknown) => void): void {
    this._m[prop] = value;
    this.context._enqueue({
      name: `${this._typeName}.${prop}`,
      run: () => apply(this._target(), value),
    });
  }

  /** @internal Queue a method call. */
  _method(name: string, apply: (target: T) => void | (() => void)): void {
    this.context._enqueue({ name: `${this._typeName}.${name}`, run: () => apply(this._target()) });
  }

  /** @internal Queue a method call with a ClientResult. */
  _methodResult<R>(name: string, compute: (target: T) => R): ClientResult<R> {
    const result = new ClientResult<R>();
    this.context._enqueue({
      name: `${this._typeName}.${name}`,
      run: () => {
        const v = compute(this._target());
        return () => result._set(v);
      },
    });
    return result;
  }

  /** @internal Queue resolution of an OrNullObject proxy so that isNullObject is known after sync. */
  _queueInstantiate(): void {
    this.context._enqueue({
      name: `${this._typeName}._instantiate`,
      run: () => {
        this._resolve();
      },
    });
  }

  load(spec?: unknown): this {
    const tree = parseLoadSpec(spec);
    this.context._enqueue({ name: `${this._typeName}.load`, run: () => this._applyLoad(tree) });
    return this;
  }

  /** @internal Snapshot now, commit at the end of a successful sync. */
  _applyLoad(tree: LoadTree): () => void {
    const target = this._resolve();
    if (target === null) return () => void (this._isNull = true);
    const known = this._scalarNames();
    const navs = this._navNames();
    const navTrees = new Map(tree.nav);
    const names: string[] = tree.all ? [...known] : [];
    for (const s of tree.scalars) {
      if (navs.includes(s)) {
        // "format" (a navigation property named alone) loads all of its scalars
        const sub = navTrees.get(s) ?? { all: false, scalars: new Set<string>(), nav: new Map() };
        sub.all = true;
        navTrees.set(s, sub);
      } else if (!names.includes(s)) names.push(s);
    }
    const vals: Record<string, unknown> = {};
    for (const p of names) {
      if (p === "isNullObject") continue;
      if (!known.includes(p))
        throw officeError("InvalidArgument", `The property '${p}' does not exist on type '${this._typeName}'.`, `${this._typeName}.load`);
      vals[p] = clone(this._read(target, p));
    }
    const commits: (() => void)[] = [];
    for (const [n, sub] of navTrees) {
      if (!navs.includes(n))
        throw officeError("InvalidArgument", `The property '${n}' does not exist on type '${this._typeName}'.`, `${this._typeName}.load`);
      const child = (this as unknown as Record<string, unknown>)[n] as ClientObject;
      commits.push(child._applyLoad(sub));
    }
    return () => {
      Object.assign(this._m, vals);
      this._isNull = false;
      commits.forEach((c) => c());
    };
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw propertyNotLoaded("isNullObject", this._typeName);
    return this._isNull;
  }

  /** Set several properties at once (same queued semantics as individual writes). */
  set(properties: Record<string, unknown>): void {
    if (!properties || typeof properties !== "object") throw officeError("InvalidArgument", undefined, `${this._typeName}.set`);
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(properties)) {
      if (this._navNames().includes(k)) (self[k] as ClientObject).set(v as Record<string, unknown>);
      else self[k] = v;
    }
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this._m };
    for (const n of this._navNames()) {
      const c = this._children.get(n);
      if (c) {
        const j = c.toJSON();
        if (Object.keys(j).length) out[n] = j;
      }
    }
    return out;
  }

  /** Office.js tracking API: no-ops here (proxies stay usable across syncs of a run). */
  track(): this {
    return this;
  }
  untrack(): this {
    return this;
  }
}

/** Collections: `items` is loaded through load("items/...") (or any property path, as in Office.js). */
export abstract class ClientCollection<TItem extends ClientObject, T = unknown> extends ClientObject<T> {
  _scalarNames(): readonly string[] {
    return [];
  }
  override _navNames(): readonly string[] {
    return ["items"];
  }
  /** Item proxies bound to the current items of the target. */
  abstract _itemsOf(target: T): TItem[];

  /** @internal Properties named without "items/" apply to the items (Office.js does the same). */
  override _applyLoad(tree: LoadTree): () => void {
    const itemTree: LoadTree = {
      all: tree.all,
      scalars: new Set(tree.nav.get("items")?.scalars ?? []),
      nav: new Map(tree.nav.get("items")?.nav ?? []),
    };
    if (tree.nav.get("items")?.all) itemTree.all = true;
    for (const sc of tree.scalars) {
      if (sc === "items") itemTree.all = true;
      else itemTree.scalars.add(sc);
    }
    for (const [k, v] of tree.nav) if (k !== "items") itemTree.nav.set(k, v);
    if (!itemTree.all && itemTree.scalars.size === 0 && itemTree.nav.size === 0) itemTree.all = true;
    const target = this._resolve();
    if (target === null) return () => void (this._isNull = true);
    const items = this._itemsOf(target);
    const commits = items.map((it) => it._applyLoad(itemTree));
    return () => {
      commits.forEach((c) => c());
      this._m.items = items;
      this._isNull = false;
    };
  }

  override _read(): unknown {
    return undefined;
  }

  get items(): TItem[] {
    return this._get("items") as TItem[];
  }

  override toJSON(): Record<string, unknown> {
    const items = this._m.items as TItem[] | undefined;
    return items ? { items: items.map((i) => i.toJSON()) } : {};
  }
}

/**
 * Define PropertyNotLoaded-guarded getters (and queued setters) on a proxy class prototype.
 * `setters[name]` applies the write to the resolved target at sync time.
 */
export function defineScalars<T>(
  ctor: { prototype: ClientObject<T> },
  names: readonly string[],
  setters: Record<string, (target: T, value: unknown, self: ClientObject<T>) => void> = {},
): void {
  for (const name of names) {
    const setter = setters[name];
    Object.defineProperty(ctor.prototype, name, {
      configurable: true,
      enumerable: true,
      get(this: ClientObject<T>) {
        return this._get(name);
      },
      set: setter
        ? function (this: ClientObject<T>, value: unknown) {
            this._setProp(name, value, (t, v) => setter(t, v, this));
          }
        : undefined,
    });
  }
}

export class ClientResult<T> {
  private _loaded = false;
  private _value: T | undefined;
  /** @internal */
  _set(v: T): void {
    this._value = v;
    this._loaded = true;
  }
  get value(): T {
    if (!this._loaded) throw officeError("ValueNotLoaded", undefined, "clientResult.value");
    return this._value as T;
  }
  toJSON(): unknown {
    return this._loaded ? this._value : undefined;
  }
}

export type EventScope = { sheetId?: string };

/** `OfficeExtension.EventHandlers<T>`: add/remove are queued and take effect at sync. */
export class EventHandlers<A = unknown> {
  constructor(
    private readonly ctx: FakeRequestContext,
    private readonly owner: ClientObject,
    readonly eventType: string,
    private readonly scope: () => EventScope,
  ) {}

  add(handler: (args: A) => unknown): EventHandlerResult<A> {
    if (typeof handler !== "function") throw officeError("InvalidArgument", undefined, `${this.eventType}.add`);
    this.ctx._enqueue({
      name: `${this.owner._typeName}.on${this.eventType.replace(/^Worksheet/, "")}.add`,
      run: () => {
        const scope = this.scope();
        this.ctx._host._registerHandler({ type: this.eventType, sheetId: scope.sheetId, handler: handler as (a: unknown) => unknown });
      },
    });
    return new EventHandlerResult<A>(this.ctx, this, handler);
  }

  remove(handler: (args: A) => unknown): void {
    this.ctx._enqueue({
      name: `${this.owner._typeName}.on${this.eventType.replace(/^Worksheet/, "")}.remove`,
      run: () => {
        const scope = this.scope();
        this.ctx._host._unregisterHandler(this.eventType, scope.sheetId, handler as (a: unknown) => unknown);
      },
    });
  }
}

export class EventHandlerResult<A = unknown> {
  constructor(
    readonly context: FakeRequestContext,
    private readonly handlers: EventHandlers<A>,
    private readonly handler: (args: A) => unknown,
  ) {}
  /** Queued: takes effect at the next sync of the context that added the handler. */
  remove(): void {
    this.handlers.remove(this.handler);
  }
}

export function isOfficeError(e: unknown): e is OfficeExtensionError {
  return e instanceof OfficeExtensionError;
}
