// Picks the singular or plural form of a unit for an amount, when an ingredient line is parsed.

export interface UnitForms {
  singular: string;
  plural?: string;
}

export function selectUnitForm(forms: UnitForms, amount: number | null): string {
  if (amount !== null && amount > 1 && forms.plural) {
    return forms.plural;
  }
  return forms.singular;
}
