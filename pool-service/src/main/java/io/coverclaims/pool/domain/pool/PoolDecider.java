package io.coverclaims.pool.domain;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.pool.domain.PoolCommand.*;
import io.coverclaims.pool.domain.PoolEvent.*;
import io.coverclaims.pool.domain.PoolState.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The pool aggregate's rules. Pure: time is the command's {@code at}; parameters are the pool's, recorded in its
 * events. Rounding always favours the pool: capacity is floored, premium credits are floored and loss charges are
 * ceiled per provider position, and whatever rounding leaves over is kept by the pool (its ledger's fees line).
 */
public final class PoolDecider implements Decider<PoolCommand, PoolEvent, PoolState> {

    public static final PoolDecider INSTANCE = new PoolDecider();

    public static final long DEFAULT_TRANCHE_DURATION_MS = Duration.ofDays(91).toMillis();
    public static final long DEFAULT_WITHDRAWAL_COOLDOWN_MS = Duration.ofDays(7).toMillis();
    public static final int DEFAULT_ASSET_DECIMALS = 6;
    public static final long MIN_TRANCHE_DURATION_MS = 1_000;
    public static final long MAX_TRANCHE_DURATION_MS = Duration.ofDays(366).toMillis();
    public static final long MAX_WITHDRAWAL_COOLDOWN_MS = Duration.ofDays(366).toMillis();
    public static final int MAX_CAPACITY_RATIO_BPS = 100_000;
    /** A deposit may lock into the current tranche or one of the next eight (two years at 91 days). */
    public static final int MAX_FUTURE_TRANCHES = 8;
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    private PoolDecider() {
    }

    @Override
    public PoolState initialState() {
        return PoolState.NONE;
    }

    @Override
    public Decision<PoolEvent> decide(PoolCommand command, PoolState state) {
        if (!state.exists() && !(command instanceof PoolCommand.CreatePool)
                && !(command instanceof PoolCommand.ReserveCapacity) && !(command instanceof PoolCommand.ReleaseCapacity)) {
            return Decision.reject("POOL_NOT_FOUND", "no pool " + command.poolId(), "poolId");
        }
        return switch (command) {
            case PoolCommand.CreatePool c -> create(c, state);
            case PoolCommand.SetProductWeights c -> setWeights(c, state);
            case PoolCommand.DepositCapital c -> deposit(c, state);
            case PoolCommand.RequestWithdrawal c -> requestWithdrawal(c, state);
            case PoolCommand.CompleteWithdrawal c -> completeWithdrawal(c, state);
            case PoolCommand.CancelWithdrawal c -> cancelWithdrawal(c, state);
            case PoolCommand.ReserveCapacity c -> reserve(c, state);
            case PoolCommand.ReleaseCapacity c -> release(c, state);
            case PoolCommand.RecordPremium c -> premium(c, state);
            case PoolCommand.ReservePayout c -> reservePayout(c, state);
            case PoolCommand.ReleasePayout c -> releasePayout(c, state);
            case PoolCommand.ConfirmPayout c -> confirmPayout(c, state);
        };
    }

    // ------------------------------------------------------------------ pool and parameters

    private Decision<PoolEvent> create(PoolCommand.CreatePool c, PoolState state) {
        if (state.exists()) {
            return Decision.reject("POOL_ALREADY_EXISTS", "pool " + c.poolId() + " exists", "poolId");
        }
        if (!isAddress(c.manager())) {
            return Decision.reject("INVALID_ADDRESS", "manager must be 0x and 40 hex digits", "manager");
        }
        if (c.capacityRatioBps() <= 0 || c.capacityRatioBps() > MAX_CAPACITY_RATIO_BPS) {
            return Decision.reject("INVALID_CAPACITY_RATIO", "capacity ratio must be in 1.." + MAX_CAPACITY_RATIO_BPS + " bps", "capacityRatioBps");
        }
        long tranche = c.trancheDurationMs() == null ? DEFAULT_TRANCHE_DURATION_MS : c.trancheDurationMs();
        if (tranche < MIN_TRANCHE_DURATION_MS || tranche > MAX_TRANCHE_DURATION_MS) {
            return Decision.reject("INVALID_TRANCHE_DURATION", "tranche duration must be 1 s .. 366 days", "trancheDurationMs");
        }
        long cooldown = c.withdrawalCooldownMs() == null ? DEFAULT_WITHDRAWAL_COOLDOWN_MS : c.withdrawalCooldownMs();
        if (cooldown < 0 || cooldown > MAX_WITHDRAWAL_COOLDOWN_MS) {
            return Decision.reject("INVALID_COOLDOWN", "cooldown must be 0 .. 366 days", "withdrawalCooldownMs");
        }
        int decimals = c.assetDecimals() == null ? DEFAULT_ASSET_DECIMALS : c.assetDecimals();
        if (decimals < 0 || decimals > 18) {
            return Decision.reject("INVALID_ASSET_DECIMALS", "decimals must be 0..18", "assetDecimals");
        }
        Decision<PoolEvent> invalid = checkWeights(c.products());
        if (invalid != null) {
            return invalid;
        }
        return Decision.accept(new PoolEvent.PoolCreated(c.poolId(), c.name(), c.manager(), c.asset(), decimals,
                c.capacityRatioBps(), List.copyOf(c.products()), tranche, cooldown));
    }

    private Decision<PoolEvent> setWeights(PoolCommand.SetProductWeights c, PoolState state) {
        Decision<PoolEvent> invalid = checkWeights(c.products());
        if (invalid != null) {
            return invalid;
        }
        Map<String, Integer> next = PoolState.weights(c.products());
        for (String productId : state.reservations().values().stream().map(Reservation::productId).distinct().sorted().toList()) {
            int newWeight = next.getOrDefault(productId, 0);
            if (newWeight >= state.params().weightOf(productId)) {
                continue;
            }
            long capacity = PoolState.mulDivFloor(state.eligibleStake(), (long) state.params().capacityRatioBps() * newWeight,
                    PoolState.BPS * PoolState.BPS);
            if (capacity < state.activeCover(productId)) {
                return Decision.reject("ACTIVE_COVER_EXCEEDS_CAPACITY", "product " + productId + " has "
                        + state.activeCover(productId) + " of active cover, more than weight " + newWeight + " bps allows", "products");
            }
        }
        return Decision.accept(new PoolEvent.ProductWeightsSet(c.poolId(), List.copyOf(c.products())));
    }

    private static Decision<PoolEvent> checkWeights(List<ProductWeight> products) {
        Set<String> seen = new HashSet<>();
        for (ProductWeight product : products) {
            if (product.productId() == null || product.productId().isBlank()) {
                return Decision.reject("INVALID_PRODUCT", "product id is required", "products");
            }
            if (!seen.add(product.productId())) {
                return Decision.reject("DUPLICATE_PRODUCT", "product " + product.productId() + " listed twice", "products");
            }
            if (product.weightBps() < 0 || product.weightBps() > PoolState.BPS) {
                return Decision.reject("INVALID_WEIGHT", "weight of " + product.productId() + " must be 0..10000 bps", "products");
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ capital in and out

    private Decision<PoolEvent> deposit(PoolCommand.DepositCapital c, PoolState state) {
        if (state.depositIds().contains(c.depositId())) {
            return Decision.nothingToDo();
        }
        if (!isAddress(c.provider())) {
            return Decision.reject("INVALID_ADDRESS", "provider must be 0x and 40 hex digits", "provider");
        }
        if (c.amount() <= 0) {
            return Decision.reject("INVALID_AMOUNT", "amount must be positive", "amount");
        }
        Params params = state.params();
        int current = params.currentTranche(c.at());
        int tranche = c.trancheId() == null ? current : c.trancheId();
        if (tranche < current || tranche > current + MAX_FUTURE_TRANCHES) {
            return Decision.reject("TRANCHE_NOT_OPEN", "tranche " + tranche + " is not open for deposits (open: "
                    + current + ".." + (current + MAX_FUTURE_TRANCHES) + ")", "trancheId");
        }
        return Decision.accept(new PoolEvent.CapitalDeposited(c.poolId(), c.depositId(), c.provider(), c.amount(), tranche,
                params.trancheEndsAt(tranche), params.trancheDurationMs(), c.source(), c.txHash(), c.logIndex(),
                Math.addExact(state.capital(), c.amount())));
    }

    private Decision<PoolEvent> requestWithdrawal(PoolCommand.RequestWithdrawal c, PoolState state) {
        Withdrawal existing = state.withdrawals().get(c.withdrawalId());
        if (existing != null) {
            return Decision.reject("WITHDRAWAL_ALREADY_EXISTS", "withdrawal " + c.withdrawalId() + " exists", "withdrawalId");
        }
        if (!isAddress(c.provider())) {
            return Decision.reject("INVALID_ADDRESS", "provider must be 0x and 40 hex digits", "provider");
        }
        if (c.recipient() != null && !isAddress(c.recipient())) {
            return Decision.reject("INVALID_ADDRESS", "recipient must be 0x and 40 hex digits", "recipient");
        }
        if (c.amount() <= 0) {
            return Decision.reject("INVALID_AMOUNT", "amount must be positive", "amount");
        }
        Position position = new Position(c.provider(), c.trancheId());
        if (state.stakeOf(position) == 0) {
            return Decision.reject("POSITION_NOT_FOUND", c.provider() + " has no stake in tranche " + c.trancheId(), "trancheId");
        }
        long free = state.stakeOf(position) - state.pendingOf(position);
        if (c.amount() > free) {
            return Decision.reject("INSUFFICIENT_STAKE", "at most " + free + " can be withdrawn from tranche " + c.trancheId(), "amount");
        }
        Params params = state.params();
        Instant trancheEndsAt = params.trancheEndsAt(c.trancheId());
        Instant afterCooldown = c.at().plusMillis(params.withdrawalCooldownMs());
        Instant cooldownEndsAt = afterCooldown.isAfter(trancheEndsAt) ? afterCooldown : trancheEndsAt;
        PoolEvent requested = new PoolEvent.WithdrawalRequested(c.poolId(), c.withdrawalId(), c.provider(),
                c.recipient() == null ? c.provider() : c.recipient(), c.trancheId(), c.amount(), trancheEndsAt,
                params.withdrawalCooldownMs(), cooldownEndsAt);
        if (!backsActiveCover(evolve(state, requested))) {
            return Decision.reject("CAPITAL_BACKS_ACTIVE_COVER", "at most " + Math.max(0, state.eligibleStake() - state.requiredBase())
                    + " of the pool's stake is not backing active cover", "amount");
        }
        return Decision.accept(requested);
    }

    /** After the change, the stake that is not on its way out still carries every product's active cover. */
    private static boolean backsActiveCover(PoolState after) {
        return after.eligibleStake() >= after.requiredBase();
    }

    private Decision<PoolEvent> completeWithdrawal(PoolCommand.CompleteWithdrawal c, PoolState state) {
        Withdrawal w = state.withdrawals().get(c.withdrawalId());
        if (w == null) {
            return Decision.reject("WITHDRAWAL_NOT_FOUND", "no withdrawal " + c.withdrawalId(), "withdrawalId");
        }
        if (w.status() == WithdrawalStatus.COMPLETED) {
            return Decision.nothingToDo();
        }
        if (w.status() != WithdrawalStatus.PENDING) {
            return Decision.reject("WITHDRAWAL_NOT_PENDING", "withdrawal " + c.withdrawalId() + " is " + w.status(), "withdrawalId");
        }
        if (c.at().isBefore(w.cooldownEndsAt())) {
            return Decision.reject("COOLDOWN_NOT_OVER", "withdrawal " + c.withdrawalId() + " may complete from "
                    + w.cooldownEndsAt() + " (tranche end and cooldown), asked at " + c.at(), "withdrawalId");
        }
        long withdrawn = Math.min(w.amount(), state.stakeOf(w.position()));
        PoolEvent completed = new PoolEvent.CapitalWithdrawn(c.poolId(), w.withdrawalId(), w.provider(), w.recipient(),
                state.params().asset(), w.trancheId(), w.amount(), withdrawn, state.capital() - withdrawn);
        if (!backsActiveCover(evolve(state, completed))) {
            return Decision.reject("CAPITAL_BACKS_ACTIVE_COVER", "the stake of " + c.withdrawalId()
                    + " backs active cover (losses reduced the pool since the request)", "withdrawalId");
        }
        return Decision.accept(completed);
    }

    private Decision<PoolEvent> cancelWithdrawal(PoolCommand.CancelWithdrawal c, PoolState state) {
        Withdrawal w = state.withdrawals().get(c.withdrawalId());
        if (w == null) {
            return Decision.reject("WITHDRAWAL_NOT_FOUND", "no withdrawal " + c.withdrawalId(), "withdrawalId");
        }
        if (w.status() == WithdrawalStatus.CANCELLED) {
            return Decision.nothingToDo();
        }
        if (w.status() != WithdrawalStatus.PENDING) {
            return Decision.reject("WITHDRAWAL_NOT_PENDING", "withdrawal " + c.withdrawalId() + " is " + w.status(), "withdrawalId");
        }
        return Decision.accept(new PoolEvent.WithdrawalCancelled(c.poolId(), w.withdrawalId(), w.provider(), w.trancheId(), w.amount()));
    }

    // ------------------------------------------------------------------ capacity

    private Decision<PoolEvent> reserve(PoolCommand.ReserveCapacity c, PoolState state) {
        if (state.reservations().containsKey(c.reservationId())) {
            return Decision.nothingToDo();
        }
        if (!state.exists()) {
            return Decision.accept(declined(c, state, "POOL_NOT_FOUND"));
        }
        if (c.amount() <= 0 || c.coverEndsAt() == null || c.coverStartsAt() == null || !c.coverEndsAt().isAfter(c.coverStartsAt())) {
            return Decision.accept(declined(c, state, "INVALID_COVER"));
        }
        if (state.params().weightOf(c.productId()) == 0) {
            return Decision.accept(declined(c, state, "PRODUCT_NOT_UNDERWRITTEN"));
        }
        if (state.capital() <= 0 || state.eligibleStake() <= 0) {
            return Decision.accept(declined(c, state, "CAPITAL_EXHAUSTED"));
        }
        long available = state.availableCapacity(c.productId());
        if (c.amount() > available) {
            return Decision.accept(declined(c, state, "INSUFFICIENT_CAPACITY"));
        }
        return Decision.accept(new PoolEvent.CapacityReserved(c.poolId(), c.reservationId(), c.policyId(), c.productId(),
                c.amount(), c.coverEndsAt(), state.eligibleStake(), state.params().capacityRatioBps(),
                state.params().weightOf(c.productId()), state.productCapacity(c.productId()), available - c.amount()));
    }

    private static PoolEvent declined(PoolCommand.ReserveCapacity c, PoolState state, String reason) {
        boolean exists = state.exists();
        return new PoolEvent.CapacityReservationDeclined(c.poolId(), c.reservationId(), c.policyId(), c.productId(), c.amount(),
                reason, exists ? state.eligibleStake() : 0, exists ? state.params().capacityRatioBps() : 0,
                exists ? state.params().weightOf(c.productId()) : 0, exists ? state.availableCapacity(c.productId()) : 0);
    }

    private Decision<PoolEvent> release(PoolCommand.ReleaseCapacity c, PoolState state) {
        Reservation reservation = state.reservations().get(c.reservationId());
        if (reservation == null) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new PoolEvent.CapacityReleased(c.poolId(), c.reservationId(), reservation.policyId(),
                reservation.amount(), c.reason()));
    }

    // ------------------------------------------------------------------ premiums and losses

    private Decision<PoolEvent> premium(PoolCommand.RecordPremium c, PoolState state) {
        if (state.premiumPolicies().contains(c.policyId())) {
            return Decision.nothingToDo();
        }
        if (c.amount() <= 0) {
            return Decision.reject("INVALID_AMOUNT", "premium must be positive", "amount");
        }
        List<PositionAmount> positions = new ArrayList<>();
        long allocated = 0;
        if (state.capital() > 0) {
            for (Map.Entry<Position, Long> stake : state.stakes().entrySet()) {
                long share = PoolState.mulDivFloor(c.amount(), stake.getValue(), state.capital());
                if (share > 0) {
                    positions.add(new PositionAmount(stake.getKey().provider(), stake.getKey().trancheId(), share));
                    allocated += share;
                }
            }
        }
        return Decision.accept(new PoolEvent.PremiumRecorded(c.poolId(), c.policyId(), c.amount(), c.paymentRef(),
                byTranche(positions), List.copyOf(positions), c.amount() - allocated));
    }

    private Decision<PoolEvent> reservePayout(PoolCommand.ReservePayout c, PoolState state) {
        if (state.payouts().containsKey(c.payoutId())) {
            return Decision.nothingToDo();
        }
        if (c.amount() <= 0) {
            return Decision.reject("INVALID_AMOUNT", "payout must be positive", "amount");
        }
        if (!isAddress(c.recipient())) {
            return Decision.reject("INVALID_ADDRESS", "recipient must be 0x and 40 hex digits", "recipient");
        }
        if (state.capital() <= 0) {
            return Decision.accept(new PoolEvent.PayoutReservationDeclined(c.poolId(), c.payoutId(), c.claimId(), c.amount(),
                    "CAPITAL_EXHAUSTED"));
        }
        long reserved = Math.min(c.amount(), state.capital());
        List<PositionAmount> positions = new ArrayList<>();
        long charged = 0;
        for (Map.Entry<Position, Long> stake : state.stakes().entrySet()) {
            long charge = PoolState.mulDivCeil(reserved, stake.getValue(), state.capital());
            if (charge > 0) {
                positions.add(new PositionAmount(stake.getKey().provider(), stake.getKey().trancheId(), charge));
                charged += charge;
            }
        }
        return Decision.accept(new PoolEvent.PayoutReserved(c.poolId(), c.payoutId(), c.claimId(), c.policyId(), c.recipient(),
                c.incidentId(), c.amount(), reserved, PoolState.mulDivFloor(reserved, PoolState.PPM, c.amount()),
                state.capital(), byTranche(positions), state.capital() - charged, List.copyOf(positions), charged - reserved));
    }

    /** Compensation: gives a reserved, unpaid payout back to exactly the positions it was charged to. */
    private Decision<PoolEvent> releasePayout(PoolCommand.ReleasePayout c, PoolState state) {
        Payout payout = state.payouts().get(c.payoutId());
        if (payout == null) {
            return Decision.reject("PAYOUT_NOT_FOUND", "no reserved payout " + c.payoutId(), "payoutId");
        }
        if (payout.status() == PayoutStatus.RELEASED) {
            return Decision.nothingToDo();
        }
        if (payout.status() == PayoutStatus.DISBURSED) {
            return Decision.reject("PAYOUT_ALREADY_DISBURSED", "payout " + c.payoutId() + " left the pool", "payoutId");
        }
        return Decision.accept(new PoolEvent.PayoutReleased(c.poolId(), c.payoutId(), payout.claimId(), payout.reservedAmount(),
                byTranche(payout.charges()), c.reason()));
    }

    private Decision<PoolEvent> confirmPayout(PoolCommand.ConfirmPayout c, PoolState state) {
        Payout payout = state.payouts().get(c.payoutId());
        if (payout == null) {
            return Decision.reject("PAYOUT_NOT_FOUND", "no reserved payout " + c.payoutId(), "payoutId");
        }
        if (payout.status() == PayoutStatus.DISBURSED) {
            return Decision.nothingToDo();
        }
        if (payout.status() == PayoutStatus.RELEASED) {
            return Decision.reject("PAYOUT_RELEASED", "payout " + c.payoutId() + " was released", "payoutId");
        }
        if (c.amount() != payout.reservedAmount()) {
            return Decision.reject("AMOUNT_MISMATCH", "payout " + c.payoutId() + " reserved " + payout.reservedAmount(), "amount");
        }
        return Decision.accept(new PoolEvent.PayoutDisbursed(c.poolId(), c.payoutId(), c.claimId(), c.amount(), c.batchId(), c.txHash()));
    }

    private static List<TrancheAmount> byTranche(List<PositionAmount> positions) {
        SortedMap<Integer, Long> sums = new TreeMap<>();
        positions.forEach(p -> sums.merge(p.trancheId(), p.amount(), Long::sum));
        return sums.entrySet().stream().map(e -> new TrancheAmount(e.getKey(), e.getValue())).toList();
    }

    static boolean isAddress(String value) {
        return value != null && ADDRESS.matcher(value).matches();
    }

    // ------------------------------------------------------------------ evolve

    @Override
    public PoolState evolve(PoolState s, PoolEvent event) {
        return switch (event) {
            case PoolEvent.PoolCreated e -> new PoolState(new Params(e.poolId(), e.name(), e.manager(), e.asset(), e.assetDecimals(),
                    e.capacityRatioBps(), PoolState.weights(e.products()), e.trancheDurationMs(), e.withdrawalCooldownMs()),
                    s.stakes(), s.withdrawals(), s.reservations(), s.depositIds(), s.premiumPolicies(), s.payouts(), s.ledger(), s.capital());
            case PoolEvent.ProductWeightsSet e -> {
                Params p = s.params();
                yield with(s, new Params(p.poolId(), p.name(), p.manager(), p.asset(), p.assetDecimals(), p.capacityRatioBps(),
                        PoolState.weights(e.products()), p.trancheDurationMs(), p.withdrawalCooldownMs()));
            }
            case PoolEvent.CapitalDeposited e -> {
                SortedMap<Position, Long> stakes = new TreeMap<>(s.stakes());
                stakes.merge(new Position(e.provider(), e.trancheId()), e.amount(), Math::addExact);
                Set<String> ids = new HashSet<>(s.depositIds());
                ids.add(e.depositId());
                Ledger l = s.ledger();
                yield new PoolState(s.params(), Collections.unmodifiableSortedMap(stakes), s.withdrawals(), s.reservations(),
                        Collections.unmodifiableSet(ids), s.premiumPolicies(), s.payouts(),
                        new Ledger(l.deposits() + e.amount(), l.premiums(), l.withdrawals(), l.payouts(), l.fees()),
                        s.capital() + e.amount());
            }
            case PoolEvent.WithdrawalRequested e -> withWithdrawal(s, new Withdrawal(e.withdrawalId(), e.provider(), e.recipient(),
                    e.trancheId(), e.amount(), e.cooldownEndsAt(), WithdrawalStatus.PENDING, 0));
            case PoolEvent.WithdrawalCancelled e -> {
                Withdrawal w = s.withdrawals().get(e.withdrawalId());
                yield withWithdrawal(s, new Withdrawal(w.withdrawalId(), w.provider(), w.recipient(), w.trancheId(), w.amount(),
                        w.cooldownEndsAt(), WithdrawalStatus.CANCELLED, 0));
            }
            case PoolEvent.CapitalWithdrawn e -> {
                Withdrawal w = s.withdrawals().get(e.withdrawalId());
                PoolState marked = withWithdrawal(s, new Withdrawal(w.withdrawalId(), w.provider(), w.recipient(), w.trancheId(),
                        w.amount(), w.cooldownEndsAt(), WithdrawalStatus.COMPLETED, e.withdrawnAmount()));
                SortedMap<Position, Long> stakes = adjust(marked.stakes(), List.of(
                        new PositionAmount(e.provider(), e.trancheId(), -e.withdrawnAmount())));
                Ledger l = s.ledger();
                yield new PoolState(s.params(), stakes, marked.withdrawals(), s.reservations(), s.depositIds(), s.premiumPolicies(),
                        s.payouts(), new Ledger(l.deposits(), l.premiums(), l.withdrawals() + e.withdrawnAmount(), l.payouts(), l.fees()),
                        s.capital() - e.withdrawnAmount());
            }
            case PoolEvent.CapacityReserved e -> {
                Map<String, Reservation> reservations = new HashMap<>(s.reservations());
                reservations.put(e.reservationId(), new Reservation(e.reservationId(), e.policyId(), e.productId(), e.amount(), e.coverEndsAt()));
                yield withReservations(s, reservations);
            }
            case PoolEvent.CapacityReservationDeclined e -> s;
            case PoolEvent.CapacityReleased e -> {
                Map<String, Reservation> reservations = new HashMap<>(s.reservations());
                reservations.remove(e.reservationId());
                yield withReservations(s, reservations);
            }
            case PoolEvent.PremiumRecorded e -> {
                Set<String> policies = new HashSet<>(s.premiumPolicies());
                policies.add(e.policyId());
                long credited = e.amount() - e.retained();
                Ledger l = s.ledger();
                yield new PoolState(s.params(), adjust(s.stakes(), e.positionAllocations()), s.withdrawals(), s.reservations(),
                        s.depositIds(), Collections.unmodifiableSet(policies), s.payouts(),
                        new Ledger(l.deposits(), l.premiums() + e.amount(), l.withdrawals(), l.payouts(), l.fees() + e.retained()),
                        s.capital() + credited);
            }
            case PoolEvent.PayoutReserved e -> {
                Map<String, Payout> payouts = new HashMap<>(s.payouts());
                payouts.put(e.payoutId(), new Payout(e.payoutId(), e.claimId(), e.recipient(), e.reservedAmount(),
                        List.copyOf(e.positionCharges()), e.retained(), PayoutStatus.RESERVED));
                List<PositionAmount> negated = e.positionCharges().stream()
                        .map(p -> new PositionAmount(p.provider(), p.trancheId(), -p.amount())).toList();
                long charged = e.reservedAmount() + e.retained();
                Ledger l = s.ledger();
                yield new PoolState(s.params(), adjust(s.stakes(), negated), s.withdrawals(), s.reservations(), s.depositIds(),
                        s.premiumPolicies(), Collections.unmodifiableMap(payouts),
                        new Ledger(l.deposits(), l.premiums(), l.withdrawals(), l.payouts() + e.reservedAmount(), l.fees() + e.retained()),
                        s.capital() - charged);
            }
            case PoolEvent.PayoutReservationDeclined e -> s;
            case PoolEvent.PayoutDisbursed e -> {
                Map<String, Payout> payouts = new HashMap<>(s.payouts());
                payouts.put(e.payoutId(), payouts.get(e.payoutId()).withStatus(PayoutStatus.DISBURSED));
                yield new PoolState(s.params(), s.stakes(), s.withdrawals(), s.reservations(), s.depositIds(), s.premiumPolicies(),
                        Collections.unmodifiableMap(payouts), s.ledger(), s.capital());
            }
            case PoolEvent.PayoutReleased e -> {
                // the recorded charges go back to their positions, the retained rounding with them
                Payout payout = s.payouts().get(e.payoutId());
                Map<String, Payout> payouts = new HashMap<>(s.payouts());
                payouts.put(e.payoutId(), payout.withStatus(PayoutStatus.RELEASED));
                long returned = payout.reservedAmount() + payout.retained();
                Ledger l = s.ledger();
                yield new PoolState(s.params(), adjust(s.stakes(), payout.charges()), s.withdrawals(), s.reservations(), s.depositIds(),
                        s.premiumPolicies(), Collections.unmodifiableMap(payouts),
                        new Ledger(l.deposits(), l.premiums(), l.withdrawals(), l.payouts() - payout.reservedAmount(), l.fees() - payout.retained()),
                        s.capital() + returned);
            }
        };
    }

    private static SortedMap<Position, Long> adjust(SortedMap<Position, Long> stakes, List<PositionAmount> changes) {
        SortedMap<Position, Long> next = new TreeMap<>(stakes);
        for (PositionAmount change : changes) {
            Position position = new Position(change.provider(), change.trancheId());
            long value = Math.addExact(next.getOrDefault(position, 0L), change.amount());
            if (value < 0) {
                throw new IllegalStateException("stake of " + position + " would be negative: " + value);
            }
            if (value == 0) {
                next.remove(position);
            } else {
                next.put(position, value);
            }
        }
        return Collections.unmodifiableSortedMap(next);
    }

    private static PoolState with(PoolState s, Params params) {
        return new PoolState(params, s.stakes(), s.withdrawals(), s.reservations(), s.depositIds(), s.premiumPolicies(),
                s.payouts(), s.ledger(), s.capital());
    }

    private static PoolState withWithdrawal(PoolState s, Withdrawal w) {
        Map<String, Withdrawal> withdrawals = new HashMap<>(s.withdrawals());
        withdrawals.put(w.withdrawalId(), w);
        return new PoolState(s.params(), s.stakes(), Collections.unmodifiableMap(withdrawals), s.reservations(), s.depositIds(),
                s.premiumPolicies(), s.payouts(), s.ledger(), s.capital());
    }

    private static PoolState withReservations(PoolState s, Map<String, Reservation> reservations) {
        return new PoolState(s.params(), s.stakes(), s.withdrawals(), Collections.unmodifiableMap(reservations), s.depositIds(),
                s.premiumPolicies(), s.payouts(), s.ledger(), s.capital());
    }
}
