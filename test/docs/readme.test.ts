import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETAIL_TYPES } from '../../shared/events';
import { CATEGORIES, CATEGORY_NAMES, LABEL_NAMES } from '../../shared/normalize';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it.each(CATEGORY_NAMES.map((category) => ({ category, severity: CATEGORIES[category].severity })))(
    'documents category $category with its usual severity',
    ({ category, severity }) => {
      expect(readme).toContain(`| \`${category}\` | ${severity} |`);
    },
  );

  it.each(Object.values(DETAIL_TYPES).map((detailType) => ({ detailType })))('documents $detailType', ({ detailType }) => {
    expect(readme).toContain(`\`${detailType}\``);
  });

  it('lists every label', () => {
    for (const label of LABEL_NAMES) expect(readme).toContain(`\`${label}\``);
  });
});
