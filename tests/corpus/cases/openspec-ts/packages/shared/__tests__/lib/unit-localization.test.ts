import { describe, expect, it } from "vitest";

import { localizeUnit } from "../../src/lib/unit-localization";

describe("localizeUnit", () => {
  it("names grams in Korean", () => {
    expect(localizeUnit("gram", "ko")).toBe("그램");
  });

  it("falls back to English for an unknown unit", () => {
    expect(localizeUnit("pinch", "ko")).toBe("pinch");
  });
});
