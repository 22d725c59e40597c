package io.coverclaims.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.schemas.policy.ActivatePolicy;
import io.coverclaims.schemas.policy.BuyCover;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.RequestQuote;
import org.junit.jupiter.api.Test;

class PolicyPauseClassificationTest {

    @Test
    void a_quote_needs_cover_sales_for_its_pool_else_for_its_product() {
        RequestQuote inPool = new RequestQuote();
        inPool.setProductId("prod-1");
        inPool.setPoolId("pool-1");
        RequestQuote anyPool = new RequestQuote();
        anyPool.setProductId("prod-1");

        assertThat(PolicyContext.CONTEXT.pauseKey(inPool)).contains(PauseKey.of(Capability.COVER_SALES, "pool-1"));
        assertThat(PolicyContext.CONTEXT.pauseKey(anyPool)).contains(PauseKey.of(Capability.COVER_SALES, "prod-1"));
    }

    @Test
    void buying_cover_needs_cover_sales_and_the_sagas_steps_and_products_are_not_paused() {
        assertThat(PolicyContext.CONTEXT.pauseKey(new BuyCover())).contains(PauseKey.of(Capability.COVER_SALES));
        assertThat(PolicyContext.CONTEXT.pauseKey(new ActivatePolicy())).isEmpty();
        assertThat(PolicyContext.CONTEXT.pauseKey(new DefineProduct())).isEmpty();
    }
}
