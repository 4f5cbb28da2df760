// Writes samples/incident.jsonl: one morning of a production cluster, built from the
// fixtures, to show noise control at work (`npx herald replay --config
// examples/incident/herald.yml samples/incident.jsonl`): a deployment that fails, rolls back
// and recovers; a 30-minute crash loop with a redelivered event and an ECS duplicate; a
// silenced service; a draining instance whose tasks stop.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const fixture = (name) => readFileSync(join(root, 'test/fixtures/events', `${name}.json`), 'utf8');
const events = [];
let serial = 0;

/** A fixture as a new event: its own id and time, optionally another service, task and version. */
const add = (name, time, { service, from = 'payments-api', task, version, instance } = {}) => {
  let text = fixture(name);
  if (service !== undefined) text = text.replaceAll(from, service);
  const event = JSON.parse(text);
  serial += 1;
  event.id = `5a0d${String(serial).padStart(4, '0')}-incident-sample`;
  event.time = time;
  if (task !== undefined && typeof event.detail.taskArn === 'string') {
    event.detail.taskArn = `${event.detail.taskArn.slice(0, event.detail.taskArn.lastIndexOf('/') + 1)}${task}`;
    event.resources = [event.detail.taskArn];
  }
  if (version !== undefined) event.detail.version = version;
  if (instance !== undefined) event.detail.containerInstanceArn = `arn:aws:ecs:us-west-2:111122223333:container-instance/prod/${instance}`;
  events.push(event);
  return event;
};
const at = (hhmmss) => `2026-05-20T${hhmmss}Z`;
const plus = (start, seconds) => new Date(Date.parse(start) + seconds * 1000).toISOString().replace('.000Z', 'Z');

// 09:00 payments-api deploys v2.15.0; its new tasks run out of memory; the circuit breaker
// fails the deployment and rolls back; the rollback completes.
add('ecs-deployment/in-progress', at('09:00:00'));
for (const [n, time] of ['09:01:10', '09:02:20', '09:03:30'].entries()) add('ecs-task/stopped-oom', at(time), { task: `0d1e2f${n}a4b881445133440842bacf91ce` });
add('ecs-deployment/failed', at('09:04:00'));
add('ecs-deployment/in-progress-rollback', at('09:04:05'));
add('ecs-task/stopped-oom', at('09:05:00'), { task: '0d1e2f9a4b881445133440842bacf91ce' });
add('ecs-deployment/completed', at('09:09:00'), { from: 'web', service: 'payments-api' });

// 10:00-10:30 orders-api crash-loops: a task killed for memory every 15 s.
const storm = [];
for (let n = 0; n < 120; n++) {
  storm.push(add('ecs-task/stopped-oom', plus(at('10:00:00'), n * 15), { service: 'orders-api', task: `${n.toString(16).padStart(8, '0')}b881445133440842bacf91ce`, version: 4 }));
  if (n === 10) events.push(structuredClone(storm[9])); // EventBridge redelivers an event (same id)
  if (n === 20) events.push({ ...structuredClone(storm[19]), id: '5a0dffff-incident-sample' }); // ECS repeats a state (same task and version, new id)
  if (n === 28) add('ecs-task/stopped-health-check', plus(at('10:00:00'), n * 15 + 5), { service: 'orders-api' });
}
add('ecs-service-action/steady-state', at('10:31:00'), { service: 'orders-api' });

// 11:00 the reports worker, silenced for its migration in examples/incident/herald.yml.
add('ecs-task/stopped-essential-exit', at('11:00:00'), { from: 'worker', service: 'reports', task: '7e0a11c2d3e4f5a6b7c8d9e0f1a2b3c4' });

// 11:30 a container instance drains (Spot interruption); a task on it stops.
add('ecs-container-instance/draining', at('11:30:00'));
add('ecs-task/stopped-essential-exit', at('11:31:00'), { from: 'worker', service: 'search-api', task: '5ea4c8d2e6f0a1b3c5d7e9f1a3b5c7d9', instance: 'b54a2a04046f43319d743f6d7f6ca315' });

writeFileSync(join(root, 'samples/incident.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
console.log(`samples/incident.jsonl: ${events.length} events`);
