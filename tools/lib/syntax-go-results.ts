import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName, dirName, ownFiles } from "./files.js";
import { syntaxOf } from "./syntax.js";
import type { SyntaxImport, SyntaxMark } from "./syntax-types.js";

/** What a Go `_` discard throws away: an error, something else, or a callee we could not resolve. */
export type DiscardedValue = "error" | "other" | "unknown";

/** The last result types of the repository's own Go functions and methods, by package folder and name. */
export interface GoResultIndex {
  /** `folder\nname` of a function to the last result types declared under that name ("" for none). */
  functions: Map<string, Set<string>>;
  /** Method name to the last result types of every method so named, whatever the receiver. */
  methods: Map<string, Set<string>>;
  /** Go module paths and the folder of their go.mod ("" at the root). */
  modules: Array<{ path: string; folder: string }>;
}

/** Standard-library functions by import path and name: true when the last result is an error. */
const STANDARD_LIBRARY: Record<string, Record<string, boolean>> = {
  context: { WithCancel: false, WithDeadline: false, WithTimeout: false, WithValue: false },
  errors: { New: true, Join: true },
  fmt: {
    Errorf: true,
    Fprint: true,
    Fprintf: true,
    Fprintln: true,
    Print: true,
    Printf: true,
    Println: true,
    Sscan: true,
    Sscanf: true,
    Sprintf: false,
    Sprint: false,
  },
  "encoding/hex": { DecodeString: true },
  "encoding/json": { Marshal: true, MarshalIndent: true, Unmarshal: true, Valid: false },
  "encoding/xml": { Marshal: true, MarshalIndent: true, Unmarshal: true },
  "go/ast": { NewPackage: true },
  "go/format": { Source: true },
  "go/parser": { ParseDir: true, ParseExpr: true, ParseFile: true },
  io: {
    Copy: true,
    CopyBuffer: true,
    CopyN: true,
    Pipe: false,
    ReadAll: true,
    ReadFull: true,
    WriteString: true,
  },
  "io/ioutil": {
    ReadAll: true,
    ReadDir: true,
    ReadFile: true,
    TempDir: true,
    TempFile: true,
    WriteFile: true,
  },
  mime: { ParseMediaType: true },
  net: {
    Dial: true,
    DialTimeout: true,
    Listen: true,
    LookupHost: true,
    ParseCIDR: true,
    ParseIP: false,
    ResolveTCPAddr: true,
    SplitHostPort: true,
  },
  "net/http": { Get: true, NewRequest: true, NewRequestWithContext: true, Post: true, ReadRequest: true },
  "net/http/httputil": { DumpRequest: true, DumpRequestOut: true, DumpResponse: true },
  "net/url": {
    Parse: true,
    ParseQuery: true,
    ParseRequestURI: true,
    PathUnescape: true,
    QueryUnescape: true,
  },
  os: {
    Create: true,
    CreateTemp: true,
    Executable: true,
    Getwd: true,
    Hostname: true,
    Lstat: true,
    // (string, bool): a missing variable is not an error.
    LookupEnv: false,
    MkdirTemp: true,
    Open: true,
    OpenFile: true,
    Pipe: true,
    ReadDir: true,
    ReadFile: true,
    Remove: true,
    RemoveAll: true,
    Rename: true,
    Setenv: true,
    Stat: true,
    UserHomeDir: true,
    WriteFile: true,
  },
  "os/exec": { LookPath: true },
  "path/filepath": { Abs: true, EvalSymlinks: true, Glob: true, Rel: true },
  regexp: { Compile: true, Match: true, MatchString: true },
  runtime: { Caller: false, Callers: false, Stack: false, ThreadCreateProfile: false },
  strconv: { Atoi: true, ParseBool: true, ParseFloat: true, ParseInt: true, ParseUint: true, Unquote: true },
  strings: { Cut: false, CutPrefix: false, CutSuffix: false },
  time: { LoadLocation: true, Parse: true, ParseDuration: true, ParseInLocation: true },
  "unicode/utf8": { DecodeLastRuneInString: false, DecodeRune: false, DecodeRuneInString: false },
};

// Methods of standard-library types (io.Writer, io.Closer, sync.Map…), used only when no method of the
// repository has the name.
const STANDARD_METHODS: Record<string, boolean> = {
  Close: true,
  Load: false,
  LoadAndDelete: false,
  LoadOrStore: false,
  Read: true,
  ReadBytes: true,
  ReadString: true,
  Write: true,
  WriteString: true,
};

const BUILTINS = new Set([
  "append",
  "cap",
  "complex",
  "copy",
  "imag",
  "len",
  "make",
  "max",
  "min",
  "new",
  "real",
  "recover",
]);

/** The result index of a repository's own Go files and go.mod modules (empty without Go). */
export async function goResultIndexOf(snapshot: RepoSnapshot): Promise<GoResultIndex> {
  const modules: GoResultIndex["modules"] = [];
  const files: Array<{ path: string; marks: SyntaxMark[] }> = [];
  for (const file of ownFiles(snapshot)) {
    if (baseName(file.path) === "go.mod") {
      const path = /^module\s+"?([^\s"]+)/m.exec(await snapshot.read(file.path))?.[1];
      if (path) modules.push({ path, folder: dirName(file.path) });
    } else if (file.language === "go") {
      const { marks } = await syntaxOf(snapshot, file);
      files.push({ path: file.path, marks: marks.filter((mark) => mark.kind.endsWith("-result")) });
    }
  }
  // The longest module path first, so a nested module owns its own imports.
  modules.sort((a, b) => b.path.length - a.path.length);
  return goResultIndex(files, modules);
}

/** Indexes the last result types of every function and method declared in the given Go files. */
export function goResultIndex(
  files: Array<{ path: string; marks: SyntaxMark[] }>,
  modules: Array<{ path: string; folder: string }>,
): GoResultIndex {
  const index: GoResultIndex = { functions: new Map(), methods: new Map(), modules };
  const add = (map: Map<string, Set<string>>, key: string, type: string) =>
    map.set(key, (map.get(key) ?? new Set()).add(type));
  for (const { path, marks } of files)
    for (const mark of marks) {
      if (mark.kind === "function-result")
        add(index.functions, `${dirName(path)}\n${mark.name ?? ""}`, mark.detail ?? "");
      else if (mark.kind === "method-result") add(index.methods, mark.name ?? "", mark.detail ?? "");
    }
  return index;
}

/** Whether the last value a call returns, the one a Go `_` discard drops, is an error. */
export function discardedValue(
  callee: string,
  filePath: string,
  imports: SyntaxImport[],
  index: GoResultIndex,
): DiscardedValue {
  // Type arguments (`parse[int]`) and spacing do not change which function is called.
  const name = callee.replace(/\[[^\]]*\]/g, "").replace(/\s+/g, "");
  // `(*T)(x)` converts; it returns no error.
  if (/^\(\*/.test(name)) return "other";
  if (/^[A-Za-z_]\w*$/.test(name)) {
    const local = index.functions.get(`${dirName(filePath)}\n${name}`);
    if (local) return verdict(local);
    return BUILTINS.has(name) ? "other" : "unknown";
  }
  const qualified = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(name);
  const imported = qualified && imports.find((entry) => localName(entry) === qualified[1]);
  if (qualified && imported) return importedValue(imported.module, qualified[2] as string, index);
  const method = /\.([A-Za-z_]\w*)$/.exec(name)?.[1];
  if (!method) return "unknown";
  const declared = index.methods.get(method);
  if (declared) return verdict(declared);
  const known = STANDARD_METHODS[method];
  return known === undefined ? "unknown" : known ? "error" : "other";
}

function verdict(types: Set<string>): DiscardedValue {
  if ([...types].every((type) => type === "error")) return "error";
  return [...types].some((type) => type === "error") ? "unknown" : "other";
}

function importedValue(module: string, name: string, index: GoResultIndex): DiscardedValue {
  const owner = index.modules.find((entry) => module === entry.path || module.startsWith(`${entry.path}/`));
  if (owner) {
    const folder = [owner.folder, module.slice(owner.path.length + 1)].filter(Boolean).join("/");
    const declared = index.functions.get(`${folder}\n${name}`);
    return declared ? verdict(declared) : "unknown";
  }
  const standard = STANDARD_LIBRARY[module]?.[name];
  return standard === undefined ? "unknown" : standard ? "error" : "other";
}

// The name an import binds: its alias, else its last path element without a `/vN` or `.vN` suffix.
function localName(entry: SyntaxImport): string {
  if (entry.alias) return entry.alias;
  const parts = entry.module.split("/");
  const last = parts.at(-1) ?? "";
  const base = /^v\d+$/.test(last) && parts.length > 1 ? (parts.at(-2) ?? "") : last;
  return base.replace(/\.v\d+$/, "");
}
