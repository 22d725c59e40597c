// The independent side of EthersAgreementTest: EIP-712 digests, signatures and signer recovery computed by ethers
// (pinned by package-lock.json) for typed data the kernel built, so the two implementations can be compared byte
// for byte.
//
// stdin:  { "cases": [ { "typedData": <eth_signTypedData_v4 JSON>, "key": "0x<private key>",
//                        "otherSignature": "0x<the Java side's signature>" }, ... ],
//           "mnemonic": "<optional: derive its first ten accounts>" }
// stdout: { "results": [ { "digest", "signature", "signer", "otherSigner" }, ... ],
//           "accounts": [ { "key", "address" }, ... ] }
import { HDNodeWallet, Mnemonic, TypedDataEncoder, Wallet, verifyTypedData } from "ethers";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const results = [];
for (const { typedData, key, otherSignature } of input.cases ?? []) {
  const { EIP712Domain, ...types } = typedData.types; // ethers derives the domain's type from the domain itself
  const { domain, message } = typedData;
  const digest = TypedDataEncoder.hash(domain, types, message);
  const wallet = new Wallet(key);
  const signature = await wallet.signTypedData(domain, types, message);
  const signer = verifyTypedData(domain, types, message, signature).toLowerCase();
  const otherSigner = otherSignature ? verifyTypedData(domain, types, message, otherSignature).toLowerCase() : null;
  results.push({ digest, signature, signer, address: wallet.address.toLowerCase(), otherSigner });
}

const accounts = [];
if (input.mnemonic) {
  const mnemonic = Mnemonic.fromPhrase(input.mnemonic);
  for (let i = 0; i < 10; i++) {
    const account = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
    accounts.push({ key: account.privateKey, address: account.address.toLowerCase() });
  }
}

process.stdout.write(JSON.stringify({ results, accounts }));
