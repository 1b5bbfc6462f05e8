import { parseArgs, type ParseArgsConfig } from "util";
import { isLang, type Lang } from "../core/i18n";
import { DataFileError } from "../core/util/schema";
import { say, USAGE_ERRORS } from "./messages";
import type { Io } from "./render";

/** The exit codes of every `jospar` command, the most serious last (README, "Exit codes"). */
export const EXIT = { ok: 0, errors: 1, unusable: 2, internal: 3 } as const;

export type UsageKey = keyof typeof USAGE_ERRORS;

/** Bad usage: a message in the user's language, then the command's usage text; exit code 2. */
export class UsageError extends Error {
  constructor(readonly key: UsageKey, readonly arg = "") {
    super(USAGE_ERRORS[key].en(arg));
  }
}

/** Every command takes these. */
const COMMON = { lang: { type: "string" }, debug: { type: "boolean" } } as const;

type Options = NonNullable<ParseArgsConfig["options"]>;
/** What parseArgs gives for these options, `--lang` and `--debug` added. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof COMMON }>>;

export interface CommandSpec<O extends Options> {
  options: O;
  /** The command's usage text in the user's language, printed after a usage error. */
  usage: (lang: Lang) => string;
  /** The command's own kinds of bad input: the exit code, having said why; null: not one of them. */
  badInput?: (e: unknown, lang: Lang, io: Io) => number | null;
}

export interface CommandArgs<O extends Options> {
  values: Parsed<O>["values"];
  positionals: string[];
  lang: Lang;
  debug: boolean;
}

/**
 * Runs one `jospar` command: its options parsed (with `--lang` and `--debug`), then the body.
 * Resolves to the exit code and never throws: bad usage and bad data are said in the user's
 * language (exit 2); anything else is a defect of ours, said as such with a request to report it
 * and the stack on --debug (exit 3).
 */
export async function runCommand<O extends Options>(argv: string[], io: Io, envLang: Lang, spec: CommandSpec<O>, body: (a: CommandArgs<O>) => Promise<number>): Promise<number> {
  let lang = envLang;
  const debug = argv.includes("--debug");
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...spec.options, ...COMMON } }) as Parsed<O>;
    const asked = (values as { lang?: string }).lang;
    if (asked !== undefined) {
      if (!isLang(asked)) throw new UsageError("badLang", asked);
      lang = asked;
    }
    return await body({ values, positionals, lang, debug });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`jospar: ${USAGE_ERRORS[e.key][lang](e.arg)}\n\n${spec.usage(lang)}`);
      return EXIT.unusable;
    }
    if ((e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`jospar: ${USAGE_ERRORS.badOption[lang]((e as Error).message)}\n\n${spec.usage(lang)}`);
      return EXIT.unusable;
    }
    const own = spec.badInput?.(e, lang, io);
    if (own !== undefined && own !== null) return own;
    if (e instanceof DataFileError) {
      io.err(`jospar: ${say("badData", lang)}\n${e.describe(lang)}`);
      return EXIT.unusable;
    }
    return internalError(e, lang, debug, io);
  }
}

/**
 * A defect of ours: said as such, with a request to report it, and on --debug the stack (an
 * error's `detail` where it carries one: the stack in the worker process where it happened).
 */
function internalError(e: unknown, lang: Lang, debug: boolean, io: Io): number {
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`jospar: ${say("internalError", lang)}: ${err.message}\n${say("reportBug", lang)}`);
  const detail = (err as { detail?: unknown }).detail;
  if (debug) io.err(typeof detail === "string" && detail ? detail : (err.stack ?? ""));
  return EXIT.internal;
}
