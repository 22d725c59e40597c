package io.coverclaims.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.schemas.pool.CompleteWithdrawal;
import io.coverclaims.schemas.pool.CreatePool;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.RecordPremium;
import io.coverclaims.schemas.pool.RequestWithdrawal;
import io.coverclaims.schemas.pool.ReservePayout;
import org.junit.jupiter.api.Test;

class PoolPauseClassificationTest {

    @Test
    void deposits_withdrawals_and_payout_reservations_need_their_capability_for_their_pool() {
        DepositCapital deposit = new DepositCapital();
        deposit.setPoolId("pool-1");
        RequestWithdrawal request = new RequestWithdrawal();
        request.setPoolId("pool-1");
        CompleteWithdrawal complete = new CompleteWithdrawal();
        complete.setPoolId("pool-2");
        ReservePayout payout = new ReservePayout();
        payout.setPoolId("pool-3");

        assertThat(PoolContext.CONTEXT.pauseKey(deposit)).contains(PauseKey.of(Capability.DEPOSITS, "pool-1"));
        assertThat(PoolContext.CONTEXT.pauseKey(request)).contains(PauseKey.of(Capability.WITHDRAWALS, "pool-1"));
        assertThat(PoolContext.CONTEXT.pauseKey(complete)).contains(PauseKey.of(Capability.WITHDRAWALS, "pool-2"));
        assertThat(PoolContext.CONTEXT.pauseKey(payout)).contains(PauseKey.of(Capability.PAYOUTS, "pool-3"));
    }

    @Test
    void creating_a_pool_and_recording_premiums_are_never_paused() {
        assertThat(PoolContext.CONTEXT.pauseKey(new CreatePool())).isEmpty();
        assertThat(PoolContext.CONTEXT.pauseKey(new RecordPremium())).isEmpty();
        assertThat(PoolContext.CONTEXT.governed()).isTrue();
    }
}
