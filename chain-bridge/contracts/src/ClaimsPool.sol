// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/**
 * @title ClaimsPool
 * @notice Holds the CoverClaims capital in one ERC-20 asset, anchors settlement batches (a Merkle
 *         root over the claims paid by the off-chain settlement) and pays each claim out once,
 *         against a Merkle proof, to its claimant.
 * @dev Leaf encoding (OpenZeppelin StandardMerkleTree, types
 *      `["bytes32","bytes32","address","uint256"]`):
 *      `keccak256(bytes.concat(keccak256(abi.encode(batchId, claimId, claimant, amount))))`.
 *      Inner nodes hash the sorted pair (`MerkleProof` commutative hashing). The batch id is part
 *      of the leaf, so a proof is only valid for the batch it was issued for and a leaf hash is
 *      unique across batches; it is also the key of the "already redeemed" set.
 *
 *      Roles: `DEFAULT_ADMIN_ROLE` grants and revokes roles; `BRIDGE_ROLE` (the chain-bridge
 *      service) anchors batches; `GUARDIAN_ROLE` sets and clears the pause flags; `UPGRADER_ROLE`
 *      upgrades the implementation. Pause flags, one per capability: `PAUSE_DEPOSITS` stops
 *      `deposit`/`depositFor`, `PAUSE_ANCHORING` stops `anchorBatch`, `PAUSE_REDEMPTION` stops
 *      `redeem`, `PAUSE_ALL` stops all of them and `payClaimBond`; a stopped function reverts with
 *      `CapabilityPaused(flag)`.
 *
 *      Upgradeable (UUPS, ERC-1822/ERC-1967): the pool lives behind an `ERC1967Proxy`
 *      (`ClaimsPoolProxy`) whose address is the pool's address; this contract is the implementation,
 *      initialised once through the proxy (`initialize`), never by its own constructor (which
 *      disables initialisers on the implementation itself). All of its state sits in one ERC-7201
 *      namespace (`coverclaims.storage.ClaimsPool`), next to the namespaces of OpenZeppelin's
 *      upgradeable AccessControl; none is at the sequential slots, so a later version may add
 *      fields at the end of `ClaimsPoolStorage` (never reorder or remove them) and new namespaces.
 */
contract ClaimsPool is Initializable, AccessControlUpgradeable, UUPSUpgradeable {
    using SafeERC20 for IERC20;

    /// @notice Role allowed to anchor settlement batches.
    bytes32 public constant BRIDGE_ROLE = keccak256("BRIDGE_ROLE");
    /// @notice Role allowed to set and clear the pause flags.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice Role allowed to upgrade the implementation (`upgradeToAndCall`).
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");

    /// @notice Pause flag: `deposit` and `depositFor`.
    uint8 public constant PAUSE_DEPOSITS = 1;
    /// @notice Pause flag: `anchorBatch`.
    uint8 public constant PAUSE_ANCHORING = 2;
    /// @notice Pause flag: `redeem`.
    uint8 public constant PAUSE_REDEMPTION = 4;
    /// @notice Pause flag: everything above and `payClaimBond`.
    uint8 public constant PAUSE_ALL = 8;

    /**
     * @dev Storage layout of one anchored batch: three slots. `totalAmount` and
     *      `redeemedAmount` are capped at `type(uint128).max` (checked when anchoring), which
     *      lets anchoring write two fresh slots and a redemption update one.
     */
    struct Batch {
        bytes32 merkleRoot; // slot 0
        uint128 totalAmount; // slot 1
        uint32 claimCount; // slot 1
        uint64 anchoredAt; // slot 1: block number of the anchoring; 0 = not anchored
        uint128 redeemedAmount; // slot 2
        uint32 redeemedCount; // slot 2
    }

    /**
     * @dev The pool's whole state, at an ERC-7201 slot. `asset` and `pausedFlags` share one slot, so
     *      a deposit's flag check costs no extra read. Append only.
     * @custom:storage-location erc7201:coverclaims.storage.ClaimsPool
     */
    struct ClaimsPoolStorage {
        IERC20 asset; // the ERC-20 asset the pool holds and pays out
        uint8 pausedFlags; // PAUSE_* bits
        mapping(bytes32 batchId => Batch) batches;
        mapping(bytes32 leaf => bool) redeemed;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("coverclaims.storage.ClaimsPool")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x0ef930d175d51a29aa7a1385d300ae7b20513f8bdbee8e4e2a53725a8fae2700;

    function _storage() private pure returns (ClaimsPoolStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }

    /// @notice Claim bond kind: the deposit a claim is assessed on.
    uint8 public constant CLAIM_DEPOSIT = 0;
    /// @notice Claim bond kind: the bond an appeal of a denied claim is heard on.
    uint8 public constant APPEAL_BOND = 1;
    /// @notice Longest claim id (in bytes) `payClaimBond` accepts.
    uint256 public constant MAX_CLAIM_ID_LENGTH = 128;

    /// @notice Emitted when capital is deposited for `provider`.
    event CapitalDeposited(address indexed provider, uint256 amount);
    /**
     * @notice Emitted when `payer` pays `amount` towards the deposit (`kind` 0) or the appeal bond (`kind` 1) of
     *         the off-chain claim `claimId`; `claimKey` is `keccak256(bytes(claimId))`, to filter by claim.
     */
    event ClaimBondPaid(
        bytes32 indexed claimKey, address indexed payer, uint8 kind, uint256 amount, string claimId
    );
    /// @notice Emitted when a settlement batch is anchored.
    event BatchAnchored(bytes32 indexed batchId, bytes32 merkleRoot, uint32 claimCount, uint256 totalAmount);
    /// @notice Emitted when one claim of an anchored batch is paid to its claimant.
    event PayoutRedeemed(
        bytes32 indexed batchId, bytes32 indexed claimId, address indexed claimant, uint256 amount
    );
    /// @notice Emitted when a guardian sets (`paused` true) or clears a pause flag; only on a change.
    event PauseFlagSet(uint8 indexed flag, bool paused, address indexed guardian);

    /// @notice A required address argument was the zero address.
    error ZeroAddress();
    /// @notice A deposit or payout amount of zero.
    error ZeroAmount();
    /// @notice The batch id is already anchored (a batch anchors exactly once).
    error BatchAlreadyAnchored(bytes32 batchId);
    /// @notice The batch id has not been anchored.
    error BatchNotAnchored(bytes32 batchId);
    /// @notice Anchoring arguments are not a valid batch (zero root, zero claims or zero total).
    error InvalidBatch();
    /// @notice The batch total does not fit the pool's 128-bit accounting.
    error BatchTotalTooLarge(uint256 totalAmount);
    /// @notice The Merkle proof does not prove the leaf against the batch root.
    error InvalidProof();
    /// @notice This leaf (batch, claim, claimant, amount) has already been paid.
    error AlreadyRedeemed(bytes32 batchId, bytes32 claimId);
    /// @notice Paying this claim would take the batch's redeemed amount over its anchored total.
    error BatchTotalExceeded(bytes32 batchId, uint256 redeemedAmount, uint256 amount, uint256 totalAmount);
    /// @notice Every one of the batch's anchored claims has already been paid.
    error BatchClaimCountExceeded(bytes32 batchId, uint32 claimCount);
    /// @notice A claim bond names no claim, or a claim id longer than `MAX_CLAIM_ID_LENGTH` bytes.
    error InvalidClaimId();
    /// @notice A claim bond of a kind other than `CLAIM_DEPOSIT` (0) or `APPEAL_BOND` (1).
    error InvalidBondKind(uint8 kind);
    /// @notice The capability guarded by `flag` (or everything, `PAUSE_ALL`) is paused.
    error CapabilityPaused(uint8 flag);
    /// @notice Not one of `PAUSE_DEPOSITS`, `PAUSE_ANCHORING`, `PAUSE_REDEMPTION`, `PAUSE_ALL`.
    error InvalidPauseFlag(uint8 flag);

    /// @dev Reverts `CapabilityPaused` if `flag` or `PAUSE_ALL` is set (`flag` 0: only `PAUSE_ALL`).
    modifier whenActive(uint8 flag) {
        _requireActive(flag);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets the pool up, once, through its proxy (the proxy's constructor calls it).
     * @param asset_ The ERC-20 capital asset.
     * @param admin Receives `DEFAULT_ADMIN_ROLE`.
     * @param bridge Receives `BRIDGE_ROLE`.
     * @param guardian Receives `GUARDIAN_ROLE`.
     * @param upgrader Receives `UPGRADER_ROLE`.
     */
    function initialize(IERC20 asset_, address admin, address bridge, address guardian, address upgrader)
        external
        initializer
    {
        if (
            address(asset_) == address(0) || admin == address(0) || bridge == address(0)
                || guardian == address(0) || upgrader == address(0)
        ) {
            revert ZeroAddress();
        }
        __AccessControl_init();
        _storage().asset = asset_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(BRIDGE_ROLE, bridge);
        _grantRole(GUARDIAN_ROLE, guardian);
        _grantRole(UPGRADER_ROLE, upgrader);
    }

    /// @notice The ERC-20 asset the pool holds and pays out.
    function asset() external view returns (IERC20) {
        return _storage().asset;
    }

    // ----------------------------------------------------------------------------------------
    // Capital
    // ----------------------------------------------------------------------------------------

    /**
     * @notice Deposits `amount` of the asset from the caller, credited to the caller.
     * @dev The caller must have approved the pool for `amount`. Reverts while deposits are paused.
     * @param amount Amount in the asset's smallest unit; must be non-zero.
     */
    function deposit(uint256 amount) external whenActive(PAUSE_DEPOSITS) {
        _deposit(msg.sender, amount);
    }

    /**
     * @notice Deposits `amount` of the asset from the caller, credited to `provider`.
     * @dev The caller must have approved the pool for `amount`. Reverts while deposits are paused.
     * @param provider The capital provider the deposit is credited to (in the event).
     * @param amount Amount in the asset's smallest unit; must be non-zero.
     */
    function depositFor(address provider, uint256 amount) external whenActive(PAUSE_DEPOSITS) {
        if (provider == address(0)) revert ZeroAddress();
        _deposit(provider, amount);
    }

    function _deposit(address provider, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        _storage().asset.safeTransferFrom(msg.sender, address(this), amount);
        emit CapitalDeposited(provider, amount);
    }

    // ----------------------------------------------------------------------------------------
    // Claim bonds
    // ----------------------------------------------------------------------------------------

    /**
     * @notice Pays `amount` of the asset from the caller towards the deposit (`kind` 0) or the appeal bond
     *         (`kind` 1) of the off-chain claim `claimId`. The pool holds it; the off-chain claim decides
     *         whether it is kept or refunded (a refund is a settlement leaf like a payout).
     * @dev The caller must have approved the pool for `amount`. Reverts while everything is paused
     *      (`PAUSE_ALL`): a claim's deposit belongs to the claims capability, which has no flag of its own
     *      on chain. The contract does not know claims: the chain-bridge observes `ClaimBondPaid` and
     *      claim-service checks the claim id.
     * @param claimId The claim id (`clm-...`), 1 to `MAX_CLAIM_ID_LENGTH` bytes.
     * @param kind `CLAIM_DEPOSIT` (0) or `APPEAL_BOND` (1).
     * @param amount Amount in the asset's smallest unit; must be non-zero.
     */
    function payClaimBond(string calldata claimId, uint8 kind, uint256 amount) external whenActive(0) {
        uint256 length = bytes(claimId).length;
        if (length == 0 || length > MAX_CLAIM_ID_LENGTH) revert InvalidClaimId();
        if (kind > APPEAL_BOND) revert InvalidBondKind(kind);
        if (amount == 0) revert ZeroAmount();
        _storage().asset.safeTransferFrom(msg.sender, address(this), amount);
        emit ClaimBondPaid(keccak256(bytes(claimId)), msg.sender, kind, amount, claimId);
    }

    // ----------------------------------------------------------------------------------------
    // Settlement anchoring
    // ----------------------------------------------------------------------------------------

    /**
     * @notice Anchors a settlement batch: the Merkle root over its claims, their count and the
     *         total amount they pay. Each batch id anchors exactly once.
     * @dev Only `BRIDGE_ROLE`; reverts while anchoring is paused.
     * @param batchId Off-chain settlement batch id.
     * @param merkleRoot Root of the StandardMerkleTree over the batch's leaves (see contract doc).
     * @param claimCount Number of claims (leaves) in the batch; non-zero.
     * @param totalAmount Sum of the leaves' amounts; the batch can never pay out more. Non-zero
     *        and at most `type(uint128).max`.
     */
    function anchorBatch(bytes32 batchId, bytes32 merkleRoot, uint32 claimCount, uint256 totalAmount)
        external
        onlyRole(BRIDGE_ROLE)
        whenActive(PAUSE_ANCHORING)
    {
        if (merkleRoot == bytes32(0) || claimCount == 0 || totalAmount == 0) revert InvalidBatch();
        if (totalAmount > type(uint128).max) revert BatchTotalTooLarge(totalAmount);
        Batch storage batch = _storage().batches[batchId];
        if (batch.anchoredAt != 0) revert BatchAlreadyAnchored(batchId);
        batch.merkleRoot = merkleRoot;
        batch.totalAmount = uint128(totalAmount);
        batch.claimCount = claimCount;
        batch.anchoredAt = uint64(block.number);
        emit BatchAnchored(batchId, merkleRoot, claimCount, totalAmount);
    }

    /**
     * @notice Reads an anchored batch. All fields are zero for a batch id never anchored.
     * @param batchId The batch id.
     * @return merkleRoot The anchored Merkle root.
     * @return claimCount The anchored number of claims.
     * @return totalAmount The anchored total payout of the batch.
     * @return redeemedAmount The amount paid out of the batch so far.
     * @return anchoredAt The block number the batch was anchored in.
     */
    function getBatch(bytes32 batchId)
        external
        view
        returns (bytes32 merkleRoot, uint32 claimCount, uint256 totalAmount, uint256 redeemedAmount, uint64 anchoredAt)
    {
        Batch storage batch = _storage().batches[batchId];
        return (batch.merkleRoot, batch.claimCount, batch.totalAmount, batch.redeemedAmount, batch.anchoredAt);
    }

    /**
     * @notice Number of claims of a batch paid so far (never more than its anchored claim count).
     * @param batchId The batch id.
     * @return The number of redeemed leaves.
     */
    function redeemedCount(bytes32 batchId) external view returns (uint32) {
        return _storage().batches[batchId].redeemedCount;
    }

    /**
     * @notice Whether `batchId` has been anchored.
     * @param batchId The batch id.
     * @return True once the batch is anchored.
     */
    function isAnchored(bytes32 batchId) external view returns (bool) {
        return _storage().batches[batchId].anchoredAt != 0;
    }

    // ----------------------------------------------------------------------------------------
    // Redemption
    // ----------------------------------------------------------------------------------------

    /**
     * @notice The leaf hash of a claim, as it appears in the batch's Merkle tree.
     * @param batchId The batch id.
     * @param claimId The off-chain claim id.
     * @param claimant The address paid.
     * @param amount The payout amount.
     * @return The double-hashed leaf `keccak256(bytes.concat(keccak256(abi.encode(...))))`.
     */
    function leafHash(bytes32 batchId, bytes32 claimId, address claimant, uint256 amount)
        public
        pure
        returns (bytes32)
    {
        return keccak256(bytes.concat(keccak256(abi.encode(batchId, claimId, claimant, amount))));
    }

    /**
     * @notice Whether the given claim leaf has already been paid.
     * @param batchId The batch id.
     * @param claimId The off-chain claim id.
     * @param claimant The claimant of the leaf.
     * @param amount The amount of the leaf.
     * @return True if this exact leaf has been redeemed.
     */
    function isRedeemed(bytes32 batchId, bytes32 claimId, address claimant, uint256 amount)
        external
        view
        returns (bool)
    {
        return _storage().redeemed[leafHash(batchId, claimId, claimant, amount)];
    }

    /**
     * @notice Pays one claim of an anchored batch to its claimant, against a Merkle proof.
     * @dev Anyone may submit the redemption; the payout always goes to `claimant`. Each leaf
     *      pays once, the batch's redeemed amount never exceeds its anchored total, and no more
     *      leaves than its anchored claim count are paid. Reverts while redemption is paused.
     * @param batchId The anchored batch id.
     * @param claimId The off-chain claim id.
     * @param claimant The address paid (part of the leaf).
     * @param amount The payout amount (part of the leaf); non-zero.
     * @param proof Sibling hashes from the leaf up to the root (sorted-pair hashing).
     */
    function redeem(bytes32 batchId, bytes32 claimId, address claimant, uint256 amount, bytes32[] calldata proof)
        external
        whenActive(PAUSE_REDEMPTION)
    {
        if (claimant == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        ClaimsPoolStorage storage $ = _storage();
        Batch storage batch = $.batches[batchId];
        if (batch.anchoredAt == 0) revert BatchNotAnchored(batchId);

        bytes32 leaf = leafHash(batchId, claimId, claimant, amount);
        if ($.redeemed[leaf]) revert AlreadyRedeemed(batchId, claimId);
        if (!MerkleProof.verifyCalldata(proof, batch.merkleRoot, leaf)) revert InvalidProof();

        uint256 redeemedAmount = batch.redeemedAmount;
        uint256 totalAmount = batch.totalAmount;
        if (amount > totalAmount - redeemedAmount) {
            revert BatchTotalExceeded(batchId, redeemedAmount, amount, totalAmount);
        }
        uint32 count = batch.redeemedCount;
        if (count >= batch.claimCount) revert BatchClaimCountExceeded(batchId, batch.claimCount);

        // Effects before the interaction.
        $.redeemed[leaf] = true;
        batch.redeemedAmount = uint128(redeemedAmount + amount); // <= totalAmount <= uint128 max
        batch.redeemedCount = count + 1; // <= claimCount
        emit PayoutRedeemed(batchId, claimId, claimant, amount);

        $.asset.safeTransfer(claimant, amount);
    }

    // ----------------------------------------------------------------------------------------
    // Guardian: pause flags
    // ----------------------------------------------------------------------------------------

    /**
     * @notice Sets (`paused` true) or clears one pause flag. Setting a flag that is already set, or
     *         clearing one that is clear, changes nothing and emits nothing (a repeat is harmless).
     * @dev Only `GUARDIAN_ROLE`. Emits `PauseFlagSet` on a change.
     * @param flag One of `PAUSE_DEPOSITS`, `PAUSE_ANCHORING`, `PAUSE_REDEMPTION`, `PAUSE_ALL`.
     * @param paused_ True to pause the capability, false to resume it.
     */
    function setPaused(uint8 flag, bool paused_) external onlyRole(GUARDIAN_ROLE) {
        _setPaused(flag, paused_);
    }

    /// @notice Pauses everything (`setPaused(PAUSE_ALL, true)`).
    function pause() external onlyRole(GUARDIAN_ROLE) {
        _setPaused(PAUSE_ALL, true);
    }

    /// @notice Clears `PAUSE_ALL` (`setPaused(PAUSE_ALL, false)`); the other flags stay as they are.
    function unpause() external onlyRole(GUARDIAN_ROLE) {
        _setPaused(PAUSE_ALL, false);
    }

    /**
     * @notice The pause flags set, as a bit set of `PAUSE_*`.
     * @return The flags.
     */
    function pausedFlags() external view returns (uint8) {
        return _storage().pausedFlags;
    }

    /**
     * @notice Whether the capability guarded by `flag` is stopped: its flag or `PAUSE_ALL` is set.
     * @param flag A `PAUSE_*` flag.
     * @return True while the capability's functions revert with `CapabilityPaused`.
     */
    function isPaused(uint8 flag) external view returns (bool) {
        return _storage().pausedFlags & (flag | PAUSE_ALL) != 0;
    }

    /// @notice Whether `PAUSE_ALL` is set.
    function paused() external view returns (bool) {
        return _storage().pausedFlags & PAUSE_ALL != 0;
    }

    function _setPaused(uint8 flag, bool paused_) private {
        if (flag != PAUSE_DEPOSITS && flag != PAUSE_ANCHORING && flag != PAUSE_REDEMPTION && flag != PAUSE_ALL) {
            revert InvalidPauseFlag(flag);
        }
        ClaimsPoolStorage storage $ = _storage();
        uint8 flags = $.pausedFlags;
        uint8 updated = paused_ ? flags | flag : flags & ~flag;
        if (updated == flags) return;
        $.pausedFlags = updated;
        emit PauseFlagSet(flag, paused_, msg.sender);
    }

    function _requireActive(uint8 flag) private view {
        uint8 set = _storage().pausedFlags & (flag | PAUSE_ALL);
        if (set != 0) revert CapabilityPaused(set & PAUSE_ALL != 0 ? PAUSE_ALL : flag);
    }

    // ----------------------------------------------------------------------------------------
    // Upgrades
    // ----------------------------------------------------------------------------------------

    /**
     * @dev `upgradeToAndCall` (UUPS) is allowed to `UPGRADER_ROLE` only: the chain-bridge key, which
     *      upgrades only on a passed, timelocked governance proposal (`UPGRADE_POOL_CONTRACT`).
     *      OpenZeppelin checks the new implementation has code and is UUPS (`proxiableUUID`).
     */
    function _authorizeUpgrade(address) internal override onlyRole(UPGRADER_ROLE) {}
}
