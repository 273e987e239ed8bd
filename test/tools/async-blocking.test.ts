import { describe, expect, it } from "vitest";
import type { Report } from "../../schemas/index.js";
import { ingest } from "../../src/ingest/ingest.js";
import { asyncBlockingSection } from "../../src/render/markdown/sections/async-blocking.js";
import { asyncBlockingScanner } from "../../tools/async-blocking.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const PYTHON = [
  "import time, requests, subprocess, asyncio",
  "from urllib.request import urlopen",
  "",
  "async def fetch(url):",
  "    time.sleep(1)",
  "    data = requests.get(url)",
  "    loop = asyncio.get_running_loop()",
  "    await loop.run_in_executor(None, lambda: requests.get(url))",
  "    def inner():",
  "        return urlopen(url)",
  "    return await asyncio.to_thread(inner)",
  "",
  "def sync_job():",
  "    time.sleep(5)",
  '    subprocess.run(["ls"])',
  "",
  "async def run_tool():",
  "    # time.sleep(1) in a comment",
  '    label = "requests.get(url)"',
  '    return subprocess.check_output(["ls"])',
  "",
].join("\n");

const NODE = [
  'const fs = require("fs");',
  'const { execSync } = require("child_process");',
  'app.get("/file", (req, res) => {',
  '  res.send(fs.readFileSync("a.txt"));',
  "});",
  "async function load() {",
  '  return [1].map(() => execSync("ls"));',
  "}",
  "function startup() {",
  '  return fs.readFileSync("config.json");',
  "}",
  'const config = fs.readFileSync("x");',
  "",
].join("\n");

const RUST = [
  "use std::fs;",
  "pub async fn handler() -> Vec<u8> {",
  "    std::thread::sleep(std::time::Duration::from_millis(10));",
  '    let data = fs::read("a").unwrap();',
  '    let other = tokio::task::spawn_blocking(move || fs::read("b")).await;',
  "    data",
  "}",
  'pub fn sync_read() -> Vec<u8> { fs::read("c").unwrap() }',
  "",
].join("\n");

describe("async-blocking scanner", () => {
  it("flags blocking calls only where the enclosing function is async or a route handler", async () => {
    const root = await makeRepo({
      "app/api.py": PYTHON,
      "tests/test_api.py": "import time\nasync def test_slow():\n    time.sleep(0.1)\n",
      "web/server.js": NODE,
      "src/lib.rs": RUST,
      "src/net.rs": 'use tokio::fs;\npub async fn get() { fs::read("x").await.ok(); }\n',
    });
    const { facts, findings } = await asyncBlockingScanner.run(await ingest(root), {});
    expect(facts.sites).toEqual([
      {
        file: "app/api.py",
        line: 5,
        call: "time.sleep",
        kind: "sleep",
        scope: "fetch",
        context: "async",
        isTest: false,
      },
      {
        file: "app/api.py",
        line: 6,
        call: "requests.get",
        kind: "network",
        scope: "fetch",
        context: "async",
        isTest: false,
      },
      {
        file: "app/api.py",
        line: 20,
        call: "subprocess.check_output",
        kind: "subprocess",
        scope: "run_tool",
        context: "async",
        isTest: false,
      },
      {
        file: "src/lib.rs",
        line: 3,
        call: "std::thread::sleep",
        kind: "sleep",
        scope: "handler",
        context: "async",
        isTest: false,
      },
      {
        file: "src/lib.rs",
        line: 4,
        call: "fs::read",
        kind: "filesystem",
        scope: "handler",
        context: "async",
        isTest: false,
      },
      {
        file: "tests/test_api.py",
        line: 3,
        call: "time.sleep",
        kind: "sleep",
        scope: "test_slow",
        context: "async",
        isTest: true,
      },
      {
        file: "web/server.js",
        line: 4,
        call: "fs.readFileSync",
        kind: "filesystem",
        scope: "<anonymous>",
        context: "handler",
        isTest: false,
      },
      {
        file: "web/server.js",
        line: 7,
        call: "execSync",
        kind: "subprocess",
        scope: "load",
        context: "async",
        isTest: false,
      },
    ]);
    expect(facts.byKind).toEqual([
      { kind: "sleep", production: 2, test: 1 },
      { kind: "network", production: 1, test: 0 },
      { kind: "subprocess", production: 2, test: 0 },
      { kind: "filesystem", production: 2, test: 0 },
    ]);
    expect(facts.asyncScopes).toBe(6);
    expect(findings.map((finding) => [finding.location, finding.severity, finding.title])).toEqual([
      [
        { file: "app/api.py", startLine: 5, endLine: 5 },
        "medium",
        "Blocking calls (2) in async function `fetch` (api.py)",
      ],
      [
        { file: "app/api.py", startLine: 20, endLine: 20 },
        "medium",
        "Blocking call `subprocess.check_output` in async function `run_tool` (api.py)",
      ],
      [
        { file: "src/lib.rs", startLine: 3, endLine: 3 },
        "medium",
        "Blocking calls (2) in async function `handler` (lib.rs)",
      ],
      [
        { file: "web/server.js", startLine: 4, endLine: 4 },
        "low",
        "Blocking call `fs.readFileSync` in route handler `<anonymous>` (server.js)",
      ],
      [
        { file: "web/server.js", startLine: 7, endLine: 7 },
        "medium",
        "Blocking call `execSync` in async function `load` (server.js)",
      ],
    ]);
    expect(findings[0]?.description).toBe(
      "Inside the async function `fetch`: `time.sleep` (line 5, sleeps the whole thread), `requests.get` (line 6, waits on the network). While it blocks, the event loop or runtime worker serves nothing else, so one slow call stalls every concurrent request.",
    );
    expect(findings[0]?.evidence).toBe("    time.sleep(1)");
    expect(asyncBlockingSection.render(facts, {} as Report)).toBe(
      [
        "### Blocking calls in async code",
        "",
        "| Kind | Production | Test |",
        "|---|---|---|",
        "| sleep | 2 | 1 |",
        "| network | 1 | 0 |",
        "| subprocess | 2 | 0 |",
        "| filesystem | 2 | 0 |",
        "",
        "| Location | Call | Inside |",
        "|---|---|---|",
        "| `app/api.py:5` | `time.sleep` | async `fetch` |",
        "| `app/api.py:6` | `requests.get` | async `fetch` |",
        "| `app/api.py:20` | `subprocess.check_output` | async `run_tool` |",
        "| `src/lib.rs:3` | `std::thread::sleep` | async `handler` |",
        "| `src/lib.rs:4` | `fs::read` | async `handler` |",
        "| `web/server.js:4` | `fs.readFileSync` | route handler `<anonymous>` |",
        "| `web/server.js:7` | `execSync` | async `load` |",
      ].join("\n"),
    );
  });

  it("flags DNS lookups and Docker SDK calls in async functions, not the asyncio resolver or sync helpers", async () => {
    const root = await makeRepo({
      "app/resolve.py": [
        "import asyncio, socket",
        "",
        "async def pin(host):",
        "    infos = socket.getaddrinfo(host, 443)",
        "    loop = asyncio.get_running_loop()",
        "    return infos, await loop.getaddrinfo(host, 443)",
        "",
        "def pin_sync(host):",
        "    return socket.getaddrinfo(host, 443)",
        "",
      ].join("\n"),
      "app/containers.py": [
        "import docker",
        "docker_client = docker.from_env()",
        "",
        "async def status(name):",
        "    container = docker_client.containers.get(name)",
        "    return container.stats(stream=False)",
        "",
        "async def cached(name, cache):",
        "    return cache.containers.get(name), container_stats(stream=True)",
        "",
        "def status_sync(name):",
        "    return docker_client.containers.get(name).stats(stream=False)",
        "",
      ].join("\n"),
    });
    const { facts } = await asyncBlockingScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => [site.file, site.line, site.call, site.kind, site.scope])).toEqual([
      ["app/containers.py", 5, "docker_client.containers.get", "network", "status"],
      ["app/containers.py", 6, "container.stats", "network", "status"],
      ["app/resolve.py", 4, "socket.getaddrinfo", "network", "pin"],
    ]);
  });

  it("flags file I/O in async Python and synchronous bcrypt in handlers, not their async spellings", async () => {
    const root = await makeRepo({
      "app/upload.py": [
        "import shutil",
        "import aiofiles",
        "",
        "async def upload(file):",
        "    with open(f'/tmp/{file.filename}', 'wb') as buffer:",
        "        shutil.copyfileobj(file.file, buffer)",
        "    async with aiofiles.open('/tmp/log', 'a') as log:",
        "        await log.write('done')",
        "",
        "def upload_sync(file):",
        "    with open('/tmp/x', 'wb') as buffer:",
        "        shutil.copyfileobj(file.file, buffer)",
        "",
      ].join("\n"),
      "web/users.js": [
        "const express = require('express');",
        "const bcrypt = require('bcryptjs');",
        "const app = express();",
        "const controller = {",
        "  'login': async (req, res) => {",
        "    const ok = bcrypt.compareSync(req.body.pass, stored);",
        "    const hash = await bcrypt.hash(req.body.pass, 10);",
        "    res.json({ ok, hash });",
        "  },",
        "};",
        "app.post('/login', controller.login);",
        "",
      ].join("\n"),
    });
    const { facts } = await asyncBlockingScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => [site.file, site.line, site.call, site.kind, site.scope])).toEqual([
      ["app/upload.py", 5, "open", "filesystem", "upload"],
      ["app/upload.py", 6, "shutil.copyfileobj", "filesystem", "upload"],
      ["web/users.js", 6, "bcrypt.compareSync", "cpu", "login"],
    ]);
  });

  it("reads fs:: as std's module unless the tokio import binds the name fs", async () => {
    const root = await makeRepo({
      "src/mixed.rs":
        'use std::fs;\nuse tokio::fs::File;\npub async fn load() { let _ = fs::read_to_string("x"); }\n',
      "src/selfed.rs": 'use tokio::fs::{self, File};\npub async fn load() { fs::read("x").await.ok(); }\n',
      "src/grouped.rs": 'use tokio::{fs, io};\npub async fn load() { fs::read("x").await.ok(); }\n',
    });
    const { facts } = await asyncBlockingScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => `${site.file}:${site.line}:${site.call}`)).toEqual([
      "src/mixed.rs:3:fs::read_to_string",
    ]);
  });

  it("flags the Docker SDK's low-level API in async code, not its private helpers or offloaded calls", async () => {
    const root = await makeRepo({
      "app/terminal.py": [
        "import asyncio",
        "import docker",
        "docker_client = docker.from_env()",
        "",
        "async def terminal(name):",
        '    exec_id = docker_client.api.exec_create(name, cmd="/bin/bash")',
        "    loop = asyncio.get_running_loop()",
        "    await loop.run_in_executor(None, lambda: docker_client.api.exec_start(exec_id))",
        "    await asyncio.to_thread(docker_client.api.exec_resize, exec_id, height=24)",
        "    url = docker_client.api._url('/containers/{0}/update', name)",
        "",
        "    async def writer():",
        "        docker_client.api.exec_resize(exec_id, height=24, width=80)",
        "",
        "    def reader():",
        "        return docker_client.images.pull('alpine')",
        "",
        "    await asyncio.gather(writer(), asyncio.to_thread(reader))",
        "    return docker_client.networks.get('infra')",
        "",
      ].join("\n"),
    });
    const { facts } = await asyncBlockingScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => [site.line, site.call, site.scope])).toEqual([
      [6, "docker_client.api.exec_create", "terminal"],
      [13, "docker_client.api.exec_resize", "writer"],
      [19, "docker_client.networks.get", "terminal"],
    ]);
  });

  it("says so when async code has no blocking calls", async () => {
    const root = await makeRepo({
      "app/api.py": "import asyncio\nasync def fetch():\n    await asyncio.sleep(1)\n",
    });
    const { facts, findings, strengths } = await asyncBlockingScanner.run(await ingest(root), {});
    expect(findings).toEqual([]);
    expect(strengths).toEqual([
      { area: "performance", text: "No blocking calls found in 1 async functions and route handlers." },
    ]);
    expect(asyncBlockingSection.render(facts, {} as Report)).toBe(
      "### Blocking calls in async code\n\nNo blocking calls in 1 async functions and route handlers. ✅",
    );
  });
});
