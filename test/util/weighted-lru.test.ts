import { describe, expect, it } from "vitest";
import { WeightedLru } from "../../src/util/weighted-lru.js";

describe("WeightedLru", () => {
  it("evicts the least recently used entries once the weight passes the budget", () => {
    const cache = new WeightedLru<string>(10);
    cache.set("a", "A", 4);
    cache.set("b", "B", 4);
    expect(cache.get("a")).toBe("A"); // a is now the most recently used
    cache.set("c", "C", 4);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["A", undefined, "C"]);
    expect(cache.weight).toBe(8);
  });

  it("never stores a value heavier than the whole budget, and replaces a key's old value", () => {
    const cache = new WeightedLru<string>(10);
    cache.set("a", "A", 3);
    cache.set("big", "B", 11);
    cache.set("a", "A2", 5);
    expect([cache.get("big"), cache.get("a"), cache.weight]).toEqual([undefined, "A2", 5]);
  });

  it("offers a value only when it fits without evicting anything", () => {
    const cache = new WeightedLru<string>(10);
    expect(cache.offer("a", "A", 6)).toBe(true);
    expect(cache.offer("b", "B", 6)).toBe(false);
    expect(cache.offer("a", "A again", 1)).toBe(false);
    expect([cache.get("a"), cache.get("b"), cache.weight]).toEqual(["A", undefined, 6]);
  });

  it("deletes an entry only when it still holds the value given", () => {
    const cache = new WeightedLru<string>(10);
    cache.set("a", "new", 2);
    cache.delete("a", "old");
    expect(cache.get("a")).toBe("new");
    cache.delete("a", "new");
    expect([cache.get("a"), cache.weight]).toEqual([undefined, 0]);
  });
});
