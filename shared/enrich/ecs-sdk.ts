/**
 * The ECS SDK as enrichment uses it: the client and the read commands it sends. Imported with
 * `import()` on the first call ({@link EcsContextReader}), so that a Lambda bundle reads ECS's
 * SDK code when an event first needs it, not at start-up (scripts/build.mjs puts what only this
 * module brings in a chunk of its own).
 */
export { DescribeClustersCommand, DescribeContainerInstancesCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
