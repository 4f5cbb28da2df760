/**
 * IP address matching for `cidr`, IPv4 and IPv6.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-ip-matching
 */

/** A parsed `cidr` operand. */
export interface CidrBlock {
  /** 4 bytes (IPv4) or 16 (IPv6); host bits may be set, only the first `bits` count. */
  address: Uint8Array;
  bits: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

const parseIpv4 = (text: string): Uint8Array | undefined => {
  const parts = IPV4.exec(text);
  if (parts === null) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const octet = Number(parts[i + 1]);
    if (octet > 255) return undefined;
    bytes[i] = octet;
  }
  return bytes;
};

/** Hex groups (and a dotted IPv4 tail) as 16-bit words; undefined when any is malformed. */
const parseGroups = (text: string, allowIpv4Tail: boolean): number[] | undefined => {
  if (text === '') return [];
  const groups = text.split(':');
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as string;
    if (allowIpv4Tail && i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (v4 === undefined) return undefined;
      words.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
    } else if (HEX_GROUP.test(group)) {
      words.push(Number.parseInt(group, 16));
    } else {
      return undefined;
    }
  }
  return words;
};

const parseIpv6 = (text: string): Uint8Array | undefined => {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let words: number[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0] as string, false);
    const tail = parseGroups(halves[1] as string, true);
    if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseGroups(text, true);
    if (all === undefined || all.length !== 8) return undefined;
    words = all;
  }
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
};

/** The bytes of an IPv4 (`10.0.0.1`) or IPv6 (`2001:db8::1`) address; undefined for anything else. */
export const parseIpAddress = (text: string): Uint8Array | undefined =>
  text.includes(':') ? parseIpv6(text) : parseIpv4(text);

/**
 * Parses `<address>/<prefix length>`. EventBridge's engine rejects a full-length prefix (`/32`
 * for IPv4, `/128` for IPv6): one address is matched with an exact string instead.
 * @see https://github.com/aws/event-ruler/blob/main/src/main/software/amazon/event/ruler/CIDR.java
 */
export const parseCidr = (text: string): { block: CidrBlock } | { error: string } => {
  const parts = text.split('/');
  if (parts.length !== 2) return { error: `cidr needs exactly one "/" between the address and the prefix length, e.g. "10.0.0.0/24", got ${JSON.stringify(text)}` };
  const [addressText, bitsText] = parts as [string, string];
  if (!/^\d{1,3}$/.test(bitsText)) return { error: `the prefix length after "/" must be a whole number, got ${JSON.stringify(bitsText)}` };
  const address = parseIpAddress(addressText);
  if (address === undefined) return { error: `${JSON.stringify(addressText)} is not an IPv4 or IPv6 address` };
  const bits = Number(bitsText);
  const max = address.length * 8 - 1;
  if (bits > max) {
    return { error: `the ${address.length === 4 ? 'IPv4' : 'IPv6'} prefix length must be 0 to ${max}, got ${bits}; EventBridge rejects a full-length prefix, match one address with an exact string` };
  }
  return { block: { address, bits } };
};

/** Whether `address` (same family as the block) lies in `block`. */
export const cidrContains = (block: CidrBlock, address: Uint8Array): boolean => {
  if (address.length !== block.address.length) return false;
  const whole = block.bits >> 3;
  for (let i = 0; i < whole; i++) if (address[i] !== block.address[i]) return false;
  const rest = block.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((address[whole] as number) & mask) === ((block.address[whole] as number) & mask);
};
