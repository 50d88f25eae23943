import { describe, expect, it } from "vitest";

import { selectUnitForm } from "../../src/lib/unit-form-selector";

const gram = { singular: "gram", plural: "grams" };

describe("selectUnitForm", () => {
  it("uses the plural form for an amount over one", () => {
    expect(selectUnitForm(gram, 450)).toBe("grams");
  });

  it("uses the singular form for exactly one", () => {
    expect(selectUnitForm(gram, 1)).toBe("gram");
  });

  it("uses the singular form when there is no amount", () => {
    expect(selectUnitForm(gram, null)).toBe("gram");
  });
});
