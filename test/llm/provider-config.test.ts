import { describe, expect, it } from "vitest";
import { resolveProviderConfig } from "../../src/llm/provider-config.js";

describe("resolveProviderConfig", () => {
  it("prefers Anthropic when its key is set, with the default model", () => {
    expect(resolveProviderConfig({}, { ANTHROPIC_API_KEY: "a", OPENAI_API_KEY: "o" })).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-5-5",
      apiKey: "a",
      defaulted: false,
      ready: true,
    });
  });

  it("uses OpenAI when only its key or base URL is set, and an explicit --base-url means OpenAI-compatible", () => {
    expect(resolveProviderConfig({}, { OPENAI_API_KEY: "o" })).toMatchObject({
      provider: "openai",
      model: "gpt-5.4",
      ready: true,
    });
    expect(resolveProviderConfig({}, { OPENAI_BASE_URL: "http://localhost:8000/v1/" })).toMatchObject({
      provider: "openai",
      baseUrl: "http://localhost:8000/v1",
      ready: true,
    });
    expect(
      resolveProviderConfig(
        { baseUrl: "http://127.0.0.1:11434/v1", model: "qwen3" },
        { ANTHROPIC_API_KEY: "a" },
      ),
    ).toEqual({
      provider: "openai",
      model: "qwen3",
      baseUrl: "http://127.0.0.1:11434/v1",
      defaulted: false,
      ready: true,
    });
  });

  it("honours --provider, ANTHROPIC_BASE_URL, and says what is missing", () => {
    expect(
      resolveProviderConfig(
        { provider: "anthropic" },
        { OPENAI_API_KEY: "o", ANTHROPIC_BASE_URL: "https://proxy.example/" },
      ),
    ).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-5-5",
      baseUrl: "https://proxy.example",
      defaulted: false,
      ready: false,
      missing: "ANTHROPIC_API_KEY is not set",
    });
    expect(resolveProviderConfig({ provider: "OpenAI", model: "gpt-5.5" }, {})).toMatchObject({
      provider: "openai",
      model: "gpt-5.5",
      ready: false,
      missing: "OPENAI_API_KEY is not set (or give --base-url for an OpenAI-compatible server)",
    });
  });

  it("falls back to a not-ready default for estimates when nothing is configured", () => {
    expect(resolveProviderConfig({}, { ANTHROPIC_API_KEY: "  " })).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-5-5",
      defaulted: true,
      ready: false,
      missing: "ANTHROPIC_API_KEY is not set",
    });
  });

  it("rejects an unknown provider and a bad base URL as usage errors", () => {
    expect(() => resolveProviderConfig({ provider: "gemini" }, {})).toThrow(
      '--provider: expected anthropic or openai, got "gemini"',
    );
    expect(() => resolveProviderConfig({ baseUrl: "localhost:11434" }, {})).toThrow(
      /--base-url: expected http or https/,
    );
    expect(() => resolveProviderConfig({ baseUrl: "not a url" }, {})).toThrow(
      '--base-url: not a URL: "not a url"',
    );
  });
});
