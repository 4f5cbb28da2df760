import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETAIL_TYPES } from '../../shared/events';
import { compileMonitoringSettings, dashboardWidgets, heartbeatAlarms, heraldAlarms } from '../../shared/monitoring';
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

describe('README: Monitoring', () => {
  const settings = compileMonitoringSettings({ topics: {} });
  const names = [...heraldAlarms(settings).map((spec) => spec.name), heartbeatAlarms(settings)?.heartbeat.name ?? ''];

  it.each(names.map((name) => ({ name })))('documents the $name alarm', ({ name }) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it('documents every dashboard widget', () => {
    for (const widget of dashboardWidgets({ alarmArns: [] })) expect(readme).toContain(String(widget.properties.title).split(/[:,]/)[0]);
  });
});
