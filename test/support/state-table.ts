import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { STATE_TABLE } from '../../shared/state/dynamodb';

/**
 * The state table as serverless.yml declares it (partition and sort key, on demand), for a
 * local DynamoDB: tests and the benchmark create it with this.
 */
export const createStateTableCommand = (name: string): CreateTableCommand =>
  new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: STATE_TABLE.partitionKey, AttributeType: 'S' }, { AttributeName: STATE_TABLE.sortKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: STATE_TABLE.partitionKey, KeyType: 'HASH' }, { AttributeName: STATE_TABLE.sortKey, KeyType: 'RANGE' }],
  });
