// The baseline of the cold-start ratios: the least a Lambda function that passes ECS events on
// to SNS can be. One SNS client at module scope and one Publish of the event per invocation;
// nothing else. Built by bench/build-comparison.mjs with the Lambda bundles' esbuild settings.
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

const client = new SNSClient({});
const topicArn = process.env.FORWARD_TOPIC_ARN;

/** EventBridge target: publishes the event, as JSON, to `FORWARD_TOPIC_ARN`. */
export const handler = async (event: unknown): Promise<void> => {
  await client.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(event) }));
};
