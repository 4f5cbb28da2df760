import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, SpecDatabase } from '@aws-cdk/service-spec-types';
import type { CfnTemplate } from './serverless-package';

/**
 * Checks a CloudFormation template against the resource specification the AWS CDK generates its
 * L1 constructs from (`@aws-cdk/aws-service-spec`, the CloudFormation registry schemas): every
 * resource type known, every property name known for its type (nested ones too), required
 * properties present, enumerated string values allowed, every `Fn::GetAtt` an attribute the
 * type has. Values behind intrinsic functions (`Ref`, `Fn::Sub`...) are CloudFormation's to
 * check at deploy time.
 */

/** Keys a resource may have besides `Type` and `Properties`. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html */
const RESOURCE_ATTRIBUTES = new Set(['Type', 'Properties', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'Metadata', 'CreationPolicy', 'UpdatePolicy']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ Ref: ... }`, `{ 'Fn::...': ... }` or `{ Condition: ... }`: a value only CloudFormation knows. */
const isIntrinsic = (value: unknown): boolean => {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || (keys[0]?.startsWith('Fn::') ?? false));
};

const describeValue = (value: unknown): string => (Array.isArray(value) ? 'a list' : isObject(value) ? 'a mapping' : JSON.stringify(value));

/** What the specification says is wrong with `value` at `path`, for `type`. */
const typeProblems = (db: SpecDatabase, type: PropertyType, value: unknown, path: string): string[] => {
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'json':
      return [];
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'date-time':
    case 'null': {
      if (typeof value === 'object' && value !== null) return [`${path}: expected a ${type.type}, got ${describeValue(value)}`];
      const allowed: readonly (string | number)[] | undefined = type.type === 'string' || type.type === 'integer' ? type.allowedValues : undefined;
      if (allowed !== undefined && (typeof value === 'string' || typeof value === 'number') && !allowed.includes(value)) {
        return [`${path}: ${JSON.stringify(value)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`];
      }
      return [];
    }
    case 'tag':
      return isObject(value) && 'Key' in value && 'Value' in value ? [] : [`${path}: expected a tag {Key, Value}, got ${describeValue(value)}`];
    case 'array':
      return Array.isArray(value) ? value.flatMap((element, i) => typeProblems(db, type.element, element, `${path}[${i}]`)) : [`${path}: expected a list, got ${describeValue(value)}`];
    case 'map':
      return isObject(value) ? Object.entries(value).flatMap(([key, element]) => typeProblems(db, type.element, element, `${path}.${key}`)) : [`${path}: expected a mapping, got ${describeValue(value)}`];
    case 'union': {
      const each = type.types.map((member) => typeProblems(db, member, value, path));
      return each.some((problems) => problems.length === 0) ? [] : [`${path}: matches none of its types (${each.map((p) => p[0]).join('; ')})`];
    }
    case 'ref': {
      if (!isObject(value)) return [`${path}: expected a mapping, got ${describeValue(value)}`];
      return propertiesProblems(db, db.get('typeDefinition', type.reference).properties, value, path);
    }
  }
};

/** A property may take its current type or one it had before. */
const propertyProblems = (db: SpecDatabase, property: Property, value: unknown, path: string): string[] => {
  const candidates = [property.type, ...(property.previousTypes ?? [])].map((type) => typeProblems(db, type, value, path));
  return candidates.find((problems) => problems.length === 0) ?? candidates[0] ?? [];
};

/** Unknown names, missing required properties, and the problems of each value. */
const propertiesProblems = (db: SpecDatabase, spec: Record<string, Property>, values: Record<string, Json>, path: string): string[] => [
  ...Object.keys(values).filter((name) => spec[name] === undefined).map((name) => `${path}: unknown property ${name}`),
  ...Object.entries(spec).filter(([name, property]) => property.required === true && values[name] === undefined).map(([name]) => `${path}: missing required property ${name}`),
  ...Object.entries(values).flatMap(([name, value]) => {
    const property = spec[name];
    return property === undefined ? [] : propertyProblems(db, property, value, `${path}.${name}`);
  }),
];

/** Every `{ 'Fn::GetAtt': [logicalId, attribute] }` in a value. */
const getAtts = (value: unknown): [string, string][] => {
  if (Array.isArray(value)) return value.flatMap(getAtts);
  if (!isObject(value)) return [];
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') return [[getAtt[0], getAtt[1]]];
  return Object.values(value).flatMap(getAtts);
};

/** The specification, loaded once (about half a second). */
export class ResourceSpecification {
  private readonly db: SpecDatabase = loadAwsServiceSpecSync();

  /** Every problem of the template, as `LogicalId (Type).Path: what`; none when it conforms. */
  public problems(template: CfnTemplate): string[] {
    const problems: string[] = [];
    for (const [id, resource] of Object.entries(template.Resources)) {
      const where = `${id} (${resource.Type})`;
      const [spec] = this.db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
      if (spec === undefined) {
        problems.push(`${where}: unknown resource type`);
        continue;
      }
      problems.push(...Object.keys(resource).filter((key) => !RESOURCE_ATTRIBUTES.has(key)).map((key) => `${where}: unknown resource attribute ${key}`));
      problems.push(...propertiesProblems(this.db, spec.properties, (resource.Properties ?? {}) as Record<string, Json>, where));
    }
    for (const [target, attribute] of getAtts(template)) {
      const type = template.Resources[target]?.Type;
      const [spec] = type === undefined ? [] : this.db.lookup('resource', 'cloudFormationType', 'equals', type);
      if (spec === undefined) problems.push(`Fn::GetAtt ${target}.${attribute}: no such resource`);
      else if (spec.attributes[attribute] === undefined) problems.push(`Fn::GetAtt ${target}.${attribute}: ${type} has no attribute ${attribute}`);
    }
    return problems;
  }

  /** Whether the specification knows the type (for the test's own controls). */
  public knows(type: string): boolean {
    return this.db.lookup('resource', 'cloudFormationType', 'equals', type).length > 0;
  }
}
