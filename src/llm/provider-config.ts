import { CodeauditError } from "../errors.js";

export const PROVIDERS = ["anthropic", "openai"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Models used when `--model` is not given. */
export const DEFAULT_MODELS: Record<ProviderName, string> = {
  anthropic: "claude-sonnet-5-5",
  openai: "gpt-5.4",
};

/** What the user asked for on the command line. */
export interface ProviderFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
}

/** A resolved provider choice. `ready` is false when a call could not be made (no key). */
export interface ProviderConfig {
  provider: ProviderName;
  model: string;
  apiKey?: string;
  baseUrl?: string;
  /** True when the user chose nothing and codeaudit picked the provider and model for an estimate. */
  defaulted: boolean;
  ready: boolean;
  /** Why the configuration cannot make calls, when it cannot. */
  missing?: string;
}

/**
 * Chooses provider, model, key and base URL from flags and environment: `--provider` wins; otherwise
 * Anthropic when ANTHROPIC_API_KEY is set, else OpenAI when OPENAI_API_KEY, `--base-url` or
 * OPENAI_BASE_URL is set (an explicit `--base-url` means an OpenAI-compatible server). With nothing
 * configured it returns a not-ready Anthropic default, good for dry-run estimates only.
 */
export function resolveProviderConfig(flags: ProviderFlags, env: NodeJS.ProcessEnv): ProviderConfig {
  const provider = chooseProvider(flags, env);
  const model = flags.model?.trim() || DEFAULT_MODELS[provider.name];
  if (provider.name === "anthropic") {
    const apiKey = nonEmpty(env.ANTHROPIC_API_KEY);
    const baseUrl = checkUrl(flags.baseUrl ?? nonEmpty(env.ANTHROPIC_BASE_URL), flags.baseUrl !== undefined);
    return {
      provider: "anthropic",
      model,
      ...(apiKey ? { apiKey } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      defaulted: provider.defaulted,
      ready: apiKey !== undefined,
      ...(apiKey ? {} : { missing: "ANTHROPIC_API_KEY is not set" }),
    };
  }
  const apiKey = nonEmpty(env.OPENAI_API_KEY);
  const baseUrl = checkUrl(flags.baseUrl ?? nonEmpty(env.OPENAI_BASE_URL), flags.baseUrl !== undefined);
  // OpenAI-compatible servers (Ollama, vLLM, LM Studio) need no key.
  const ready = apiKey !== undefined || baseUrl !== undefined;
  return {
    provider: "openai",
    model,
    ...(apiKey ? { apiKey } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    defaulted: provider.defaulted,
    ready,
    ...(ready
      ? {}
      : { missing: "OPENAI_API_KEY is not set (or give --base-url for an OpenAI-compatible server)" }),
  };
}

function chooseProvider(
  flags: ProviderFlags,
  env: NodeJS.ProcessEnv,
): { name: ProviderName; defaulted: boolean } {
  if (flags.provider !== undefined) {
    const name = flags.provider.trim().toLowerCase();
    if (!(PROVIDERS as readonly string[]).includes(name)) {
      throw new CodeauditError("USAGE", `--provider: expected anthropic or openai, got "${flags.provider}"`);
    }
    return { name: name as ProviderName, defaulted: false };
  }
  if (flags.baseUrl !== undefined) return { name: "openai", defaulted: false };
  if (nonEmpty(env.ANTHROPIC_API_KEY)) return { name: "anthropic", defaulted: false };
  if (nonEmpty(env.OPENAI_API_KEY) || nonEmpty(env.OPENAI_BASE_URL))
    return { name: "openai", defaulted: false };
  return { name: "anthropic", defaulted: true };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkUrl(value: string | undefined, fromFlag: boolean): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CodeauditError("USAGE", `${fromFlag ? "--base-url" : "base URL"}: not a URL: "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new CodeauditError(
      "USAGE",
      `${fromFlag ? "--base-url" : "base URL"}: expected http or https, got "${value}"`,
    );
  }
  return value.replace(/\/+$/, "");
}
