/** Covariate units in English: a module of its own, so the views that name a unit do not load the file reader (and its GB/T 2260 tables). */
/** English names of the usual units. */
export const UNIT_EN: Record<string, string> = {
  人: 'people',
  万人: '10,000 people',
  千人: '1,000 people',
  亿元: '100 million yuan',
  万元: '10,000 yuan',
  元: 'yuan',
  平方公里: 'km²',
  户: 'households',
  万户: '10,000 households',
};
