// Unit names in the languages recipes are written in; English is the fallback.

const NAMES: Record<string, Record<string, string>> = {
  ko: { gram: "그램", cup: "컵" },
};

export function localizeUnit(unit: string, language: string): string {
  return NAMES[language]?.[unit] ?? unit;
}
