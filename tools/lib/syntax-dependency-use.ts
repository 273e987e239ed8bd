import type { DependencyScope } from "./manifests.js";
import { codeMatches, type SyntaxAnalysis } from "./syntax.js";

/** Distribution → import name where they differ (PEP 503-normalised distribution names). */
const PYTHON_MODULES: Record<string, string[]> = {
  pyyaml: ["yaml"],
  beautifulsoup4: ["bs4"],
  "python-jose": ["jose"],
  pillow: ["PIL"],
  "scikit-learn": ["sklearn"],
  "scikit-image": ["skimage"],
  "opencv-python": ["cv2"],
  "opencv-python-headless": ["cv2"],
  "opencv-contrib-python": ["cv2"],
  "psycopg2-binary": ["psycopg2"],
  "psycopg-binary": ["psycopg"],
  pyjwt: ["jwt"],
  "python-dateutil": ["dateutil"],
  "python-dotenv": ["dotenv"],
  "python-multipart": ["multipart", "python_multipart"],
  protobuf: ["google.protobuf"],
  grpcio: ["grpc"],
  "grpcio-tools": ["grpc_tools"],
  pyzmq: ["zmq"],
  pycryptodome: ["Crypto"],
  pycryptodomex: ["Cryptodome"],
  pyopenssl: ["OpenSSL"],
  attrs: ["attr", "attrs"],
  "msgpack-python": ["msgpack"],
  "faiss-cpu": ["faiss"],
  "faiss-gpu": ["faiss"],
  "typing-extensions": ["typing_extensions"],
  "google-api-python-client": ["googleapiclient"],
  "discord-py": ["discord"],
  "python-telegram-bot": ["telegram"],
  mysqlclient: ["MySQLdb"],
  "mysql-connector-python": ["mysql.connector"],
  dnspython: ["dns"],
  pysocks: ["socks"],
  "python-magic": ["magic"],
  "python-slugify": ["slugify"],
  setuptools: ["setuptools", "pkg_resources"],
  djangorestframework: ["rest_framework"],
  "django-cors-headers": ["corsheaders"],
  "django-filter": ["django_filters"],
  "django-environ": ["environ"],
  "pydantic-settings": ["pydantic_settings"],
  "djangorestframework-simplejwt": ["rest_framework_simplejwt"],
  "django-storages": ["storages"],
  "django-debug-toolbar": ["debug_toolbar"],
  "django-crispy-forms": ["crispy_forms"],
  "django-allauth": ["allauth"],
  // google-auth ships two top-level namespaces; google-re2 is imported as plain `re2`.
  "google-auth": ["google.auth", "google.oauth2"],
  "google-re2": ["re2"],
  "opentelemetry-api": ["opentelemetry"],
  "opentelemetry-semantic-conventions": ["opentelemetry.semconv"],
  "paho-mqtt": ["paho.mqtt"],
  gitpython: ["git"],
  speechrecognition: ["speech_recognition"],
  pymupdf: ["fitz", "pymupdf"],
  "python-json-logger": ["pythonjsonlogger"],
  "websocket-client": ["websocket"],
  "markdown-it-py": ["markdown_it"],
  "grpcio-status": ["grpc_status"],
  "grpcio-health-checking": ["grpc_health"],
  "grpcio-reflection": ["grpc_reflection"],
  "pinecone-client": ["pinecone"],
  pywin32: ["win32api", "win32con", "win32com", "win32gui", "pywintypes"],
  // Starlette's and FastAPI's TestClient run on httpx: importing either uses it.
  httpx: ["httpx", "fastapi.testclient", "starlette.testclient"],
};

// Used without an import: servers and task runners started from the command line, database drivers
// picked by URL, framework extras, tooling. Reporting them as unused would be wrong more often than right.
const PYTHON_IMPLICIT =
  /^(uvicorn|gunicorn|hypercorn|daphne|alembic|psycopg2(-binary)?|psycopg(-binary)?|asyncpg|aiosqlite|pymysql|mysqlclient|python-multipart|email-validator|aiomysql|asyncmy|hiredis|flower|waitress|opentelemetry-distro|uvloop|httptools|gevent|eventlet|bcrypt|cryptography|argon2-cffi|greenlet|tzdata|certifi|pip|wheel|jinja2|aiofiles|itsdangerous|watchfiles|websockets|orjson|ujson|supervisor|pytest.*|black|ruff|mypy|flake8|isort|pylint|pre-commit|coverage|tox|nox|sphinx.*|mkdocs.*|types-.*|.*-stubs)$/;

/** Crates whose library name is not their package name with `-` as `_`. */
const RUST_LIBRARIES: Record<string, string> = { "md-5": "md5", "sha-1": "sha1", "rust-crypto": "crypto" };

/** Names a dependency is imported by: Rust crate keys with `-` as `_`, Python modules, npm and Go paths. */
export function importNames(ecosystem: string, name: string, manifestKey?: string): string[] {
  if (ecosystem === "rust") {
    const key = manifestKey ?? name;
    return [RUST_LIBRARIES[key] ?? key.replace(/-/g, "_")];
  }
  if (ecosystem !== "python") return [name];
  const normalised = name.toLowerCase().replace(/[-_.]+/g, "-");
  const mapped = PYTHON_MODULES[normalised];
  if (mapped) return mapped;
  // Namespace distributions install under a shared top-level package: `azure-storage-blob` is
  // `azure.storage.blob`, `opentelemetry-exporter-otlp` is `opentelemetry.exporter.otlp`,
  // `google-cloud-bigquery-storage` is `google.cloud.bigquery_storage`. Both spellings are tried.
  const namespaced = NAMESPACE_DISTRIBUTION.exec(normalised);
  if (namespaced) {
    const space = (namespaced[1] as string).replace(/-/g, namespaced[1] === "llama-index" ? "_" : ".");
    const rest = namespaced[2] as string;
    return [
      ...new Set([
        `${space}.${rest.replace(/-/g, "_")}`,
        `${space}.${rest.replace(/-/g, ".")}`,
        // Some live outside the namespace after all (`google-auth-oauthlib` is `google_auth_oauthlib`).
        normalised.replace(/-/g, "_"),
      ]),
    ];
  }
  const module = normalised.replace(/-/g, "_");
  // A distribution spelled with dots (`zope.interface`, `ruamel.yaml`) is usually its import path.
  const dotted = name.includes(".") ? [name.toLowerCase()] : [];
  return [
    ...new Set([
      module,
      module.replace(/^python_/, ""),
      module.replace(/^py_?/, ""),
      module.replace(/_(python|py)$/, ""),
      ...dotted,
    ]),
  ];
}

const NAMESPACE_DISTRIBUTION =
  /^(google-cloud|google|azure|opentelemetry|llama-index|jaraco|zope|backports)-(.+)$/;

/** True for Python distributions that are normally used without an import. */
export function isImplicitPythonDependency(name: string): boolean {
  return PYTHON_IMPLICIT.test(name.toLowerCase().replace(/[-_.]+/g, "-"));
}

/** Scopes whose dependencies are checked for use: dev, peer and indirect ones are used by tooling. */
export function isCheckedScope(ecosystem: string, scope: DependencyScope): boolean {
  if (ecosystem === "rust") return scope !== "indirect" && scope !== "peer";
  return scope === "normal" || scope === "optional" || scope === "workspace";
}

/** The names one file's code uses as modules, crates or packages (for matching against manifests). */
export function usedNames(ecosystem: string, analysis: SyntaxAnalysis): string[] {
  const names = analysis.imports.map((entry) => entry.module);
  if (ecosystem === "rust") {
    for (const { match } of codeMatches(analysis, /(?<![\w:])([A-Za-z_]\w*)\s*::/g))
      names.push(match[1] ?? "");
    names.push(...docTestNames(analysis));
  }
  if (ecosystem === "node") {
    const packages = names.map(packageOfSpecifier).filter((entry): entry is string => entry !== undefined);
    if (analysis.method !== "tree-sitter") packages.push(...lexicalScriptImports(analysis.codeText));
    return packages;
  }
  return names;
}

const RUST_DOC_LINE = /^\/\/[/!](?!\/)\s?(.*)$/;
const DOC_FENCE = /^\s*(`{3,}|~{3,})\s*([\w,\s-]*)$/;
const DOCTEST_TAG =
  /^(?:rust|no_run|ignore|should_panic|compile_fail|test_harness|allow_fail|standalone_crate|edition\d+)?$/;

/**
 * Crates named in the Rust code blocks of `///` and `//!` doc comments: rustdoc compiles them as doc
 * tests with the dev-dependencies, so a crate used only there is still used. Prose and `text` blocks
 * do not count.
 */
function docTestNames(analysis: SyntaxAnalysis): string[] {
  const names: string[] = [];
  let fence: string | undefined;
  let rustBlock = false;
  let previousLine = -1;
  for (const comment of analysis.comments) {
    const doc = RUST_DOC_LINE.exec(comment.text);
    if (!doc || comment.line !== previousLine + 1) fence = undefined;
    previousLine = comment.line;
    if (!doc) continue;
    const content = doc[1] ?? "";
    const marker = DOC_FENCE.exec(content);
    if (marker && fence === undefined) {
      fence = marker[1];
      rustBlock = (marker[2] ?? "").split(",").every((tag) => DOCTEST_TAG.test(tag.trim()));
    } else if (marker && fence !== undefined && content.trim().startsWith(fence)) fence = undefined;
    else if (fence !== undefined && rustBlock)
      for (const match of content.matchAll(/(?<![\w:])([A-Za-z_]\w*)\s*::|\b(?:use|extern\s+crate)\s+(\w+)/g))
        names.push(match[1] ?? match[2] ?? "");
  }
  return names;
}

/** True when a dependency's import names appear among the names a package's code uses. */
export function isUsed(ecosystem: string, candidates: readonly string[], used: ReadonlySet<string>): boolean {
  if (ecosystem === "go") {
    for (const path of used)
      if (candidates.some((name) => path === name || path.startsWith(`${name}/`))) return true;
    return false;
  }
  if (ecosystem === "python") {
    // Import names are compared case-insensitively: `PyPDF2`, `PyQt5` and `Levenshtein` keep their
    // distribution's capitals, which the normalised distribution name has lost.
    const lowered = candidates.map((name) => name.toLowerCase());
    for (const usedModule of used) {
      const module = usedModule.toLowerCase();
      if (
        lowered.some(
          (name) => module === name || module.startsWith(`${name}.`) || name.startsWith(`${module}.`),
        )
      )
        return true;
    }
    return false;
  }
  return candidates.some((name) => used.has(name));
}

/**
 * True when any candidate occurs in the text: as a quoted string for npm (`client: "pg"`, a preset in
 * a config file), as a whole word for Python (`postgresql+asyncpg://`, `INSTALLED_APPS`).
 */
export function mentions(ecosystem: string, candidates: readonly string[], text: string): boolean {
  return candidates.some((name) => {
    const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const pattern =
      ecosystem === "node"
        ? new RegExp(`["'\`]~?${escaped}(?:/[^"'\`\\n]*)?["'\`]`)
        : new RegExp(`(?<![\\w.])${escaped}(?![\\w])`);
    return pattern.test(text);
  });
}

function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/") || /^[a-z]+:/.test(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

// Vue and Svelte files have no grammar here: their imports are read from the comment-free text.
function lexicalScriptImports(codeText: string): string[] {
  const found: string[] = [];
  for (const match of codeText.matchAll(/(?:\bfrom|\bimport|\brequire\s*\()\s*\(?\s*["']([^"'\n]+)["']/g)) {
    const name = packageOfSpecifier(match[1] ?? "");
    if (name) found.push(name);
  }
  return found;
}
