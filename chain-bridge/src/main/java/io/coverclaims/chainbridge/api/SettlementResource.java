package io.coverclaims.chainbridge.api;

import io.coverclaims.chainbridge.chain.AnchoringWorker;
import io.coverclaims.chainbridge.chain.ChainConfig;
import io.coverclaims.chainbridge.chain.PoolGovernor;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.chainbridge.domain.settlement.SettlementEvent.SettlementBatchSealed;
import io.coverclaims.chainbridge.view.ChainEventsView;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.web3j.utils.Numeric;

/**
 * Merkle proofs of settled claims, batches, and what the bridge is (never its key). Amounts are {@link Money}: decimal
 * strings in JSON, exact to the contract's uint256. A batch id is 32 bytes of 0x hex (else 400 naming
 * {@code batchId}); a claim id is whatever reference id was settled (an unknown one is 404 naming {@code claimId}).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementResource {

    /**
     * Everything {@code ClaimsPool.redeem(batchId, claimId, claimant, amount, proof)} takes, plus the status.
     * {@code claimId} is the settled reference id (a claim id, or a refund id for a {@code CLAIM_REFUND} leaf),
     * {@code onChainClaimId} the bytes32 the leaf and {@code redeem} take.
     */
    public record ClaimProof(
            String claimId,
            String kind,
            String batchId,
            String poolId,
            String onChainClaimId,
            String claimant,
            Money amount,
            int leafIndex,
            String merkleRoot,
            List<String> proof,
            boolean anchored,
            int attempt,
            String txHash,
            Long blockNumber,
            String contract) {
        static ClaimProof of(String claimId, ChainEventsView.LeafPosition position, String contract) {
            ChainEventsView.BatchView batch = position.batch();
            boolean anchored = batch.isAnchored();
            return new ClaimProof(
                    claimId,
                    position.leaf().kind().name(),
                    batch.batchId(),
                    batch.sealed().poolId(),
                    Numeric.toHexString(BatchIds.claimId32(claimId)),
                    position.leaf().recipient(),
                    position.leaf().amount(),
                    position.leaf().index(),
                    batch.sealed().merkleRoot(),
                    position.proof(),
                    anchored,
                    batch.attempt(),
                    anchored ? batch.txHash() : null,
                    anchored ? batch.blockNumber() : null,
                    contract);
        }
    }

    public record BatchInfo(
            String batchId,
            String poolId,
            String merkleRoot,
            int leafCount,
            Money totalAmount,
            String status,
            int attempt,
            String txHash,
            Long blockNumber,
            String blockHash,
            long gasUsed,
            int reorgs) {
        static BatchInfo of(ChainEventsView.BatchView batch) {
            SettlementBatchSealed sealed = batch.sealed();
            return new BatchInfo(
                    batch.batchId(),
                    sealed.poolId(),
                    sealed.merkleRoot(),
                    sealed.leafCount(),
                    sealed.totalAmount(),
                    batch.status().name(),
                    batch.attempt(),
                    batch.txHash(),
                    batch.isAnchored() ? batch.blockNumber() : null,
                    batch.blockHash(),
                    batch.gasUsed(),
                    batch.reorgs());
        }
    }

    public record BridgeInfo(
            boolean enabled,
            String signer,
            String contract,
            long chainId,
            int confirmations,
            int batchSize,
            long batchMaxWaitMillis,
            long anchorsSent,
            String lastChainError,
            long governanceTransactionsSent,
            String lastGovernanceError) {}

    @Inject
    ChainEventsView view;

    @Inject
    ChainConfig config;

    @Inject
    AnchoringWorker worker;

    @Inject
    PoolGovernor governor;

    @GET
    @Path("settlements/claims/{claimId}/proof")
    @Operation(summary = "The Merkle proof a claimant redeems a settled claim with")
    public Response proof(@PathParam("claimId") String claimId) {
        return found(
                view.position(claimId)
                        .map(position -> ClaimProof.of(
                                claimId, position, config.contract().orElse(null))),
                "SETTLEMENT_NOT_FOUND",
                "claim " + claimId + " is not in a sealed batch (yet)",
                "claimId");
    }

    /**
     * The same proof for any settled reference id, given as a query parameter: a refund id ({@code <claimId>/deposit},
     * {@code <claimId>/<appealId>/bond}) holds slashes, which a path segment cannot.
     */
    @GET
    @Path("settlements/proof")
    @Operation(summary = "The Merkle proof of any settled reference id (a claim payout or a claim refund)")
    public Response proofOf(@QueryParam("referenceId") String referenceId) {
        if (referenceId == null || referenceId.isBlank()) {
            return Problem.of(
                            Response.Status.BAD_REQUEST,
                            "REFERENCE_REQUIRED",
                            "name the settled reference id (?referenceId=...)",
                            "referenceId")
                    .toResponse();
        }
        return found(
                view.position(referenceId)
                        .map(position -> ClaimProof.of(
                                referenceId, position, config.contract().orElse(null))),
                "SETTLEMENT_NOT_FOUND",
                "reference " + referenceId + " is not in a sealed batch (yet)",
                "referenceId");
    }

    @GET
    @Path("settlements/batches/{batchId}")
    @Operation(summary = "A sealed settlement batch and its anchoring")
    public Response batch(
            @PathParam("batchId") @Pattern(regexp = Ids.BYTES32, message = Ids.BYTES32_MESSAGE) String batchId) {
        return found(view.batch(batchId).map(BatchInfo::of), "BATCH_NOT_FOUND", "no such batch", "batchId");
    }

    @GET
    @Path("chain/bridge")
    @Operation(summary = "The bridge's settings and signer address (the key itself is never exposed)")
    public BridgeInfo bridge() {
        return new BridgeInfo(
                config.enabled(),
                worker.signerAddress().orElse(null),
                config.contract().orElse(null),
                config.chainId(),
                config.confirmations(),
                config.batchSize(),
                config.batchMaxWait().toMillis(),
                worker.anchorsSent(),
                worker.lastChainError().orElse(null),
                governor.transactionsSent(),
                governor.lastError().orElse(null));
    }

    /** 200 with what was found, else 404 problem+json. */
    private static Response found(Optional<?> entity, String code, String detail, String field) {
        return entity.map(found -> Response.ok(found).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, code, detail, field)
                        .toResponse());
    }
}
