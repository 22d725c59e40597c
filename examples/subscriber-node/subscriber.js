#!/usr/bin/env node
// A coverclaims subscriber outside Java: Node.js, the stock `kafkajs` client and the `avsc` Avro library, and
// nothing of the project but its published schema files (schemas/src/main/published).
//
//   node subscriber.js --bootstrap localhost:9092 --topics pool.events,policy.events \
//        --published ../../schemas/src/main/published [--max 10] [--idle-ms 5000] [--group my-reader]
//
// Every value is Avro single-object encoded: C3 01, the writer schema's 8-byte fingerprint, the binary body.
// fingerprints.json maps the fingerprint (hex, as on the wire) to the published schema file that decodes it.
// Prints one JSON line per record: topic, partition, offset, key, the record's type and its fields. Amounts
// (decimal(78, 0)) are printed as exact decimal strings, times (timestamp-millis) as ISO-8601.
'use strict';

const fs = require('fs');
const path = require('path');
const avro = require('avsc');
const { Kafka, logLevel } = require('kafkajs');

function option(name, fallback) {
  const at = process.argv.indexOf('--' + name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const bootstrap = option('bootstrap', 'localhost:9092');
const topics = option('topics', 'pool.events').split(',');
const published = path.resolve(option('published', path.join(__dirname, '..', '..', 'schemas', 'src', 'main', 'published')));
const max = Number(option('max', '0'));
const idleMs = Number(option('idle-ms', '10000'));
const group = option('group', 'coverclaims-node-subscriber-' + process.pid);

/** decimal(78, 0): the bytes are a big-endian two's-complement integer; amounts are never negative. */
class Decimal extends avro.types.LogicalType {
  _fromValue(buffer) {
    if (buffer.length === 0) return '0';
    let value = BigInt('0x' + buffer.toString('hex'));
    if (buffer[0] & 0x80) value -= 1n << BigInt(buffer.length * 8);
    return value.toString();
  }
  _toValue(text) {
    let hex = BigInt(text).toString(16);
    if (hex.length % 2) hex = '0' + hex;
    const bytes = Buffer.from(hex, 'hex');
    return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  }
  _resolve(type) {
    return avro.Type.isType(type, 'bytes', 'logical:decimal') ? this._fromValue : undefined;
  }
}

/** timestamp-millis: printed as ISO-8601. */
class TimestampMillis extends avro.types.LogicalType {
  _fromValue(millis) {
    return new Date(Number(millis)).toISOString();
  }
  _toValue(iso) {
    return Date.parse(iso);
  }
}

const fingerprints = JSON.parse(fs.readFileSync(path.join(published, 'fingerprints.json'), 'utf8'));
const types = new Map();

function typeFor(fingerprint) {
  if (!types.has(fingerprint)) {
    const file = fingerprints[fingerprint];
    if (!file) throw new Error('unknown schema fingerprint ' + fingerprint + ' (not in fingerprints.json)');
    const schema = JSON.parse(fs.readFileSync(path.join(published, file), 'utf8'));
    types.set(fingerprint, avro.Type.forSchema(schema, {
      logicalTypes: { decimal: Decimal, 'timestamp-millis': TimestampMillis },
    }));
  }
  return types.get(fingerprint);
}

function decode(buffer) {
  if (buffer.length < 10 || buffer[0] !== 0xc3 || buffer[1] !== 0x01) {
    throw new Error('not Avro single-object encoding');
  }
  const type = typeFor(buffer.subarray(2, 10).toString('hex'));
  return { type: type.name, value: type.fromBuffer(buffer.subarray(10)) };
}

async function main() {
  const kafka = new Kafka({ clientId: 'coverclaims-node-subscriber', brokers: [bootstrap], logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let idle;
  const done = new Promise((resolve) => {
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(resolve, idleMs);
    };
    arm();
    consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        arm();
        const record = decode(message.value);
        console.log(JSON.stringify({
          topic,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString() : null,
          type: record.type,
          value: record.value,
        }));
        seen += 1;
        if (max > 0 && seen >= max) resolve();
      },
    });
  });
  await done;
  clearTimeout(idle);
  await consumer.disconnect();
  console.error(`decoded ${seen} record(s)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
