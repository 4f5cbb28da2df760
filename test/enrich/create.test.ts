import { loadConfigText } from '../../shared/config';
import { compileEnrichSettings, createAwsContextProvider } from '../../shared/enrich';

/** Instance logs when herald.yml says nothing: the CloudWatch agent's layout. */
const INSTANCE_LOG_DEFAULTS = { groups: ['/var/log/ecs/ecs-agent.log', '/var/log/ecs/ecs-init.log', '/var/log/messages', '/var/log/docker'], stream: '{instance_id}', lines: 10 };

/** The `enrich` section of a herald.yml, compiled. */
const settingsOf = (enrich: string) => {
  const { config, issues } = loadConfigText(`${enrich}\ntopics: {}\n`, 'e.yml');
  if (config === undefined) throw new Error(issues.map((i) => i.message).join('\n'));
  return compileEnrichSettings(config);
};

describe('compileEnrichSettings', () => {
  it.each([
    { case: 'no enrich section', enrich: '', settings: { logLines: 20, redact: [], budgetMs: 3000, logGroups: ['/ecs/'], instanceLogs: INSTANCE_LOG_DEFAULTS } },
    {
      case: 'every option',
      enrich: 'enrich: { log_lines: 5, redact: [x], budget: 2s, log_groups: [/ecs/, /copilot/] }',
      settings: { logLines: 5, redact: ['x'], budgetMs: 2000, logGroups: ['/ecs/', '/copilot/'], instanceLogs: INSTANCE_LOG_DEFAULTS },
    },
  ])('$case', ({ enrich, settings }) => {
    expect(settingsOf(enrich)).toEqual(settings);
  });
});

describe('createAwsContextProvider', () => {
  it('builds with log_lines: 0 (log tails off)', () => {
    expect(() => createAwsContextProvider(settingsOf('enrich: { log_lines: 0 }'))).not.toThrow();
  });

});
