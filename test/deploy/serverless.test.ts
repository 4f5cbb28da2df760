import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DETAIL_TYPES, SOURCES } from '../../shared/events';

interface EventBridgeTrigger { eventBridge: { pattern: { source: string[]; 'detail-type': string[] } } }

// CloudFormation tags (!Ref, !GetAtt) are not plain YAML; their values are irrelevant here.
const config = parse(readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
  provider: { runtime: string; architecture: string };
  functions: { router: { events: EventBridgeTrigger[]; package: { patterns: string[] } } };
};

describe('serverless.yml', () => {
  const patterns = config.functions.router.events.map((e) => e.eventBridge.pattern);
  const forwarded = patterns.flatMap((p) => p.source.flatMap((source) => p['detail-type'].map((dt) => `${source} ${dt}`)));

  it('forwards every detail-type the parser understands, and nothing it does not', () => {
    const parsed = [
      ...Object.values(DETAIL_TYPES).filter((dt) => dt !== DETAIL_TYPES.cloudwatchAlarm).map((dt) => `${SOURCES.ecs} ${dt}`),
      `${SOURCES.cloudwatch} ${DETAIL_TYPES.cloudwatchAlarm}`,
    ];
    expect(forwarded.sort()).toEqual(parsed.sort());
  });

  it('runs on Node.js 24 on arm64 and ships only the bundle', () => {
    expect(config.provider).toMatchObject({ runtime: 'nodejs24.x', architecture: 'arm64' });
    expect(config.functions.router.package.patterns).toEqual(['!**', 'dist/router/**']);
  });
});
