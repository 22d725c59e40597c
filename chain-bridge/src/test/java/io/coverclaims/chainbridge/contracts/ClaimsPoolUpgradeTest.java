package io.coverclaims.chainbridge.contracts;

import static io.coverclaims.chainbridge.contracts.ClaimsPoolTest.usd;
import static io.coverclaims.chainbridge.contracts.LocalChain.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.chainbridge.chain.PoolGovernor;
import io.coverclaims.chainbridge.contracts.ClaimsPoolTest.Batch;
import io.coverclaims.chainbridge.domain.merkle.ClaimLeaf;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple5;
import org.web3j.utils.Numeric;

/**
 * The pool behind its UUPS proxy, upgraded while live: everything a user or the bridge relies on (capital, anchored
 * roots, redemptions made, roles, pause flags) is intact after the upgrade, redemptions go on, and only the upgrader
 * (the bridge's key, acting on a passed proposal) can upgrade.
 */
class ClaimsPoolUpgradeTest {

    private static LocalChain chain;
    private static Credentials admin;
    private static Credentials bridge;
    private static Credentials guardian;
    private static Credentials provider;
    private static Credentials relayer;
    private static Credentials outsider;
    private static String tokenAddress;

    private String poolAddress;
    private ClaimsPool poolAsBridge;
    private ClaimsPool poolAsRelayer;

    @BeforeAll
    static void startChain() throws Exception {
        chain = LocalChain.start();
        admin = chain.account(0);
        bridge = chain.account(1);
        guardian = chain.account(2);
        provider = chain.account(3);
        relayer = chain.account(4);
        outsider = chain.account(5);
        tokenAddress = chain.deployToken(admin).getContractAddress();
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void freshPool() throws Exception {
        poolAddress = chain.deployPool(
                        admin,
                        tokenAddress,
                        admin.getAddress(),
                        bridge.getAddress(),
                        guardian.getAddress(),
                        bridge.getAddress())
                .getContractAddress();
        poolAsBridge = chain.pool(poolAddress, bridge);
        poolAsRelayer = chain.pool(poolAddress, relayer);
        TestToken token = chain.token(tokenAddress, provider);
        token.mint(provider.getAddress(), usd(1_000_000)).send();
        token.approve(poolAddress, usd(1_000_000)).send();
    }

    @Test
    void a_live_pool_upgraded_keeps_capital_anchored_roots_redemptions_roles_and_flags() throws Exception {
        // a live pool: capital in, two batches anchored, one claim redeemed, redemption paused by the guardian
        chain.pool(poolAddress, provider).deposit(usd(10_000)).send();
        Batch first = Batch.of("upgrade-first", usd(100), usd(200), usd(300));
        Batch second = Batch.of("upgrade-second", usd(40));
        anchor(first);
        anchor(second);
        redeem(first, first.claims().get(0));
        chain.pool(poolAddress, guardian)
                .setPaused(ClaimsPoolTest.REDEMPTION, true)
                .send();

        TestToken token = chain.token(tokenAddress, outsider);
        BigInteger balanceBefore = token.balanceOf(poolAddress).send();
        Tuple5<byte[], BigInteger, BigInteger, BigInteger, BigInteger> firstBefore =
                poolAsRelayer.getBatch(first.id()).send();
        Tuple5<byte[], BigInteger, BigInteger, BigInteger, BigInteger> secondBefore =
                poolAsRelayer.getBatch(second.id()).send();
        String implementationBefore = implementationOf(poolAddress);
        assertThatThrownBy(() -> ClaimsPoolV2.load(poolAddress, chain.web3j, chain.transactions(outsider), chain.gas)
                        .version()
                        .send())
                .as("version() is new in V2")
                .isInstanceOf(Exception.class);

        // the upgrade: a second implementation deployed by anyone, switched to by the upgrader
        String v2 = ClaimsPoolV2.deploy(chain.web3j, chain.transactions(outsider), chain.gas)
                .send()
                .getContractAddress();
        TransactionReceipt upgraded =
                poolAsBridge.upgradeToAndCall(v2, new byte[0], BigInteger.ZERO).send();
        assertThat(ClaimsPool.getUpgradedEvents(upgraded))
                .singleElement()
                .satisfies(e -> assertThat(e.implementation).isEqualToIgnoringCase(v2));
        assertThat(implementationOf(poolAddress))
                .isEqualToIgnoringCase(v2)
                .isNotEqualToIgnoringCase(implementationBefore);

        // everything is where it was
        ClaimsPoolV2 after = ClaimsPoolV2.load(poolAddress, chain.web3j, chain.transactions(relayer), chain.gas);
        assertThat(after.version().send()).isEqualTo("2");
        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(balanceBefore);
        assertThat(after.asset().send()).isEqualToIgnoringCase(tokenAddress);
        assertSameBatch(after.getBatch(first.id()).send(), firstBefore);
        assertSameBatch(after.getBatch(second.id()).send(), secondBefore);
        assertThat(firstBefore.component4()).isEqualTo(usd(100)); // the redemption made before the upgrade
        ClaimLeaf redeemedBefore = first.claims().get(0);
        assertThat(after.isRedeemed(
                                first.id(),
                                redeemedBefore.claimId(),
                                redeemedBefore.claimant(),
                                redeemedBefore.amount())
                        .send())
                .isTrue();
        assertThat(after.redeemedCount(first.id()).send()).isEqualTo(BigInteger.ONE);
        assertThat(after.hasRole(after.BRIDGE_ROLE().send(), bridge.getAddress())
                        .send())
                .isTrue();
        assertThat(after.hasRole(after.GUARDIAN_ROLE().send(), guardian.getAddress())
                        .send())
                .isTrue();
        assertThat(after.hasRole(after.UPGRADER_ROLE().send(), bridge.getAddress())
                        .send())
                .isTrue();
        assertThat(after.pausedFlags().send()).isEqualTo(ClaimsPoolTest.REDEMPTION);

        // and the pool works on: resume redemptions, redeem after the upgrade, not twice
        chain.pool(poolAddress, guardian)
                .setPaused(ClaimsPoolTest.REDEMPTION, false)
                .send();
        redeem(first, first.claims().get(1));
        redeem(second, second.claims().get(0));
        assertThat(token.balanceOf(first.claims().get(1).claimant()).send()).isEqualTo(usd(200));
        assertThat(token.balanceOf(second.claims().get(0).claimant()).send()).isEqualTo(usd(40));
        expectRevert("AlreadyRedeemed(bytes32,bytes32)", () -> redeem(first, redeemedBefore));
        assertThat(after.getBatch(first.id()).send().component4()).isEqualTo(usd(300));
        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(balanceBefore.subtract(usd(240)));
        chain.pool(poolAddress, provider).deposit(usd(1)).send();
        Batch third = Batch.of("upgrade-third", usd(7));
        anchor(third);
        redeem(third, third.claims().get(0));
    }

    @Test
    void only_the_upgrader_can_upgrade() throws Exception {
        String v2 = ClaimsPoolV2.deploy(chain.web3j, chain.transactions(outsider), chain.gas)
                .send()
                .getContractAddress();
        String before = implementationOf(poolAddress);
        for (Credentials notUpgrader : List.of(admin, guardian, outsider, provider)) {
            expectRevert(
                    "AccessControlUnauthorizedAccount(address,bytes32)",
                    () -> chain.pool(poolAddress, notUpgrader)
                            .upgradeToAndCall(v2, new byte[0], BigInteger.ZERO)
                            .send());
        }
        assertThat(implementationOf(poolAddress)).isEqualTo(before);
        // the admin may grant the role: then it can
        ClaimsPool poolAsAdmin = chain.pool(poolAddress, admin);
        poolAsAdmin
                .grantRole(poolAsAdmin.UPGRADER_ROLE().send(), outsider.getAddress())
                .send();
        chain.pool(poolAddress, outsider)
                .upgradeToAndCall(v2, new byte[0], BigInteger.ZERO)
                .send();
        assertThat(implementationOf(poolAddress)).isEqualToIgnoringCase(v2);
    }

    @Test
    void an_upgrade_to_an_address_without_code_or_to_a_non_uups_contract_is_refused() throws Exception {
        String before = implementationOf(poolAddress);
        // no code: proxiableUUID() answers nothing, which does not decode (a revert without data)
        assertThatThrownBy(() -> poolAsBridge
                        .upgradeToAndCall(outsider.getAddress(), new byte[0], BigInteger.ZERO)
                        .send())
                .isInstanceOf(org.web3j.protocol.exceptions.TransactionException.class)
                .satisfies(e -> assertThat(((org.web3j.protocol.exceptions.TransactionException) e)
                                .getTransactionReceipt()
                                .orElseThrow()
                                .isStatusOK())
                        .isFalse());
        expectRevert(
                "ERC1967InvalidImplementation(address)",
                () -> poolAsBridge
                        .upgradeToAndCall(tokenAddress, new byte[0], BigInteger.ZERO)
                        .send());
        assertThat(implementationOf(poolAddress)).isEqualTo(before);
    }

    @Test
    void the_implementation_cannot_be_upgraded_directly() throws Exception {
        String implementation = implementationOf(poolAddress);
        String v2 = ClaimsPoolV2.deploy(chain.web3j, chain.transactions(outsider), chain.gas)
                .send()
                .getContractAddress();
        expectRevert(
                "UUPSUnauthorizedCallContext()",
                () -> chain.pool(implementation, bridge)
                        .upgradeToAndCall(v2, new byte[0], BigInteger.ZERO)
                        .send());
    }

    // ------------------------------------------------------------------------------------------

    private TransactionReceipt anchor(Batch batch) throws Exception {
        return poolAsBridge
                .anchorBatch(
                        batch.id(),
                        batch.tree().root(),
                        BigInteger.valueOf(batch.claims().size()),
                        batch.total())
                .send();
    }

    private TransactionReceipt redeem(Batch batch, ClaimLeaf claim) throws Exception {
        return poolAsRelayer
                .redeem(
                        claim.batchId(),
                        claim.claimId(),
                        claim.claimant(),
                        claim.amount(),
                        batch.tree().proof(claim))
                .send();
    }

    private static void assertSameBatch(
            Tuple5<byte[], BigInteger, BigInteger, BigInteger, BigInteger> after,
            Tuple5<byte[], BigInteger, BigInteger, BigInteger, BigInteger> before) {
        assertThat(after.component1()).isEqualTo(before.component1());
        assertThat(after.component2()).isEqualTo(before.component2());
        assertThat(after.component3()).isEqualTo(before.component3());
        assertThat(after.component4()).isEqualTo(before.component4());
        assertThat(after.component5()).isEqualTo(before.component5());
        assertThat(before.component5().signum()).isPositive();
    }

    private static String implementationOf(String proxy) throws Exception {
        String word = chain.web3j
                .ethGetStorageAt(
                        proxy, Numeric.toBigInt(PoolGovernor.IMPLEMENTATION_SLOT), DefaultBlockParameterName.LATEST)
                .send()
                .getData();
        return "0x" + Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(word), 40);
    }
}
