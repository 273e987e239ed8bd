import type { CodeContext } from "./bench-code.js";

// One small HTTP entry point per package, as real services have: the only files that import a web
// framework, so framework detection finds a few servers rather than every module.

/** An Express server (TypeScript or JavaScript). */
export function expressServer(context: CodeContext): string {
  const { names, random } = context;
  const routes = Array.from({ length: random.int(2, 6) }, () => {
    const route = names.word();
    return `app.get("/${route}", async (request, response) => {\n  response.json(await handle${route.length}(request.query));\n});`;
  });
  return [
    'import cors from "cors";',
    'import express from "express";',
    "",
    "const app = express();",
    "app.use(cors());",
    'app.get("/health", (_request, response) => response.send("ok"));',
    ...routes,
    `app.listen(${random.int(3000, 9000)}, "0.0.0.0");`,
    "",
  ].join("\n");
}

/** A FastAPI application. */
export function fastapiServer(context: CodeContext): string {
  const { names, random } = context;
  const routes = Array.from({ length: random.int(2, 6) }, () => {
    const route = names.word();
    return `@app.get("/${route}")\nasync def get_${route}():\n    return {"${route}": await load_${route}()}\n`;
  });
  return [
    "from fastapi import FastAPI",
    "from fastapi.middleware.cors import CORSMiddleware",
    "",
    "app = FastAPI()",
    'app.add_middleware(CORSMiddleware, allow_origins=["*"])',
    "",
    ...routes,
    'if __name__ == "__main__":',
    "    import uvicorn",
    "",
    `    uvicorn.run(app, host="0.0.0.0", port=${random.int(3000, 9000)})`,
    "",
  ].join("\n");
}

/** A Go net/http main package. */
export function goServer(context: CodeContext): string {
  const { names, random } = context;
  const routes = Array.from({ length: random.int(2, 6) }, () => {
    const route = names.word();
    return `\tmux.HandleFunc("/${route}", func(w http.ResponseWriter, r *http.Request) {\n\t\tfmt.Fprintf(w, "${route}")\n\t})`;
  });
  return [
    "package main",
    "",
    "import (",
    '\t"fmt"',
    '\t"log"',
    '\t"net/http"',
    ")",
    "",
    "func main() {",
    "\tmux := http.NewServeMux()",
    ...routes,
    `\tlog.Fatal(http.ListenAndServe(":${random.int(3000, 9000)}", mux))`,
    "}",
    "",
  ].join("\n");
}

/** An axum binary. */
export function axumServer(context: CodeContext): string {
  const { names, random } = context;
  const routes = Array.from(
    { length: random.int(2, 6) },
    () => `        .route("/${names.word()}", get(handler))`,
  );
  return [
    "use axum::{routing::get, Router};",
    "use tower_http::cors::CorsLayer;",
    "",
    "async fn handler() -> &'static str {",
    '    "ok"',
    "}",
    "",
    "#[tokio::main]",
    "async fn main() {",
    "    let app = Router::new()",
    ...routes,
    "        .layer(CorsLayer::permissive());",
    `    let listener = tokio::net::TcpListener::bind("0.0.0.0:${random.int(3000, 9000)}").await.unwrap();`,
    "    axum::serve(listener, app).await.unwrap();",
    "}",
    "",
  ].join("\n");
}
