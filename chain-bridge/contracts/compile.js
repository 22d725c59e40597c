#!/usr/bin/env node
// Compiles every .sol file under src/ with the pinned solcjs (package-lock.json) through the
// standard-JSON interface and writes, for each contract declared under src/:
//   <Contract>.abi  (JSON ABI)
//   <Contract>.bin  (creation bytecode, hex without 0x; only for deployable contracts)
// plus checksums.sha256 (sha256sum -c format) into the output directory given as argument.
//
// Determinism: source unit names are paths relative to this folder ("src/ClaimsPool.sol",
// "@openzeppelin/contracts/..."), never absolute, settings are fixed below, and the metadata
// hash is not appended (bytecodeHash "none"), so the same sources give byte-identical bytecode
// from any checkout path on any machine.
//
// Usage: node compile.js <outDir>     (outDir relative to the current directory or absolute)
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const solc = require('solc');

const SOLC_VERSION = '0.8.30';
const ROOT = __dirname;
const SRC = path.join(ROOT, 'src');
const NODE_MODULES = path.join(ROOT, 'node_modules');

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  viaIR: false,
  metadata: { bytecodeHash: 'none', useLiteralContent: false },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};

function fail(message) {
  console.error(`compile.js: ${message}`);
  process.exit(1);
}

function toUnitName(absolute) {
  return path.relative(ROOT, absolute).split(path.sep).join('/');
}

function listSources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (entry.isFile() && entry.name.endsWith('.sol')) out.push(full);
  }
  return out;
}

// Imports that are not one of our own sources: only packages from node_modules, by a relative,
// machine-independent unit name ("@openzeppelin/contracts/...").
function findImports(unitName) {
  if (path.isAbsolute(unitName) || unitName.split('/').includes('..')) {
    return { error: `refusing non-relative import ${unitName}` };
  }
  const candidate = unitName.startsWith('src/') ? path.join(ROOT, unitName) : path.join(NODE_MODULES, unitName);
  try {
    return { contents: fs.readFileSync(candidate, 'utf8') };
  } catch (e) {
    return { error: `file not found: ${unitName}` };
  }
}

function main() {
  const outArg = process.argv[2];
  if (!outArg) fail('usage: node compile.js <outDir>');
  const outDir = path.resolve(process.cwd(), outArg);

  const actual = solc.version();
  if (!actual.startsWith(`${SOLC_VERSION}+`)) {
    fail(`expected solc ${SOLC_VERSION}, found ${actual} (run npm ci)`);
  }

  const files = listSources(SRC).map(toUnitName).sort();
  if (files.length === 0) fail(`no .sol files under ${SRC}`);
  const sources = {};
  for (const unit of files) {
    sources[unit] = { content: fs.readFileSync(path.join(ROOT, unit), 'utf8') };
  }

  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));

  let errors = 0;
  for (const diagnostic of output.errors || []) {
    const text = diagnostic.formattedMessage || diagnostic.message;
    if (diagnostic.severity === 'error') {
      errors++;
      console.error(text);
    } else {
      console.warn(text);
    }
  }
  if (errors > 0) fail(`${errors} compilation error(s)`);

  fs.mkdirSync(outDir, { recursive: true });
  const written = new Map();
  const checksums = [];
  for (const unit of files) {
    const contracts = (output.contracts || {})[unit] || {};
    for (const name of Object.keys(contracts).sort()) {
      if (written.has(name)) fail(`contract name ${name} declared in both ${written.get(name)} and ${unit}`);
      written.set(name, unit);
      const contract = contracts[name];
      const abi = JSON.stringify(contract.abi, null, 2) + '\n';
      fs.writeFileSync(path.join(outDir, `${name}.abi`), abi);
      checksums.push(line(`${name}.abi`, abi));
      const bin = contract.evm.bytecode.object;
      if (bin && bin.length > 0) {
        fs.writeFileSync(path.join(outDir, `${name}.bin`), bin);
        checksums.push(line(`${name}.bin`, bin));
      } else {
        fs.rmSync(path.join(outDir, `${name}.bin`), { force: true });
      }
      console.log(`compiled ${unit}:${name}${bin ? ` (${bin.length / 2} bytes)` : ' (abi only)'}`);
    }
  }
  checksums.sort();
  fs.writeFileSync(path.join(outDir, 'checksums.sha256'), checksums.join(''));
  console.log(`solc ${actual}: ${written.size} contract(s) written to ${outDir}`);
}

function line(fileName, content) {
  return `${crypto.createHash('sha256').update(content).digest('hex')}  ${fileName}\n`;
}

main();
