package io.coverclaims.chainbridge.contracts;

import static io.coverclaims.chainbridge.contracts.LocalChain.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.tuples.generated.Tuple5;
import org.web3j.tx.ReadonlyTransactionManager;

/** TestPriceFeed behaves as a Chainlink AggregatorV3Interface, read through the interface's wrapper. */
class TestPriceFeedTest {

    private static LocalChain chain;
    private static Credentials owner;

    @BeforeAll
    static void startChain() throws Exception {
        chain = LocalChain.start();
        owner = chain.account(0);
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void pushed_answers_are_read_through_the_aggregator_v3_interface() throws Exception {
        TestPriceFeed feed = TestPriceFeed.deploy(
                        chain.web3j,
                        chain.transactions(owner),
                        chain.gas,
                        BigInteger.valueOf(8),
                        "ETH / USD",
                        BigInteger.valueOf(3_000_00000000L))
                .send();
        AggregatorV3Interface reader = AggregatorV3Interface.load(
                feed.getContractAddress(),
                chain.web3j,
                new ReadonlyTransactionManager(chain.web3j, owner.getAddress()),
                chain.gas);

        assertThat(reader.decimals().send()).isEqualTo(BigInteger.valueOf(8));
        assertThat(reader.description().send()).isEqualTo("ETH / USD");
        assertThat(reader.version().send()).isEqualTo(BigInteger.valueOf(4));
        Tuple5<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger> first =
                reader.latestRoundData().send();
        assertThat(first.component1()).isEqualTo(BigInteger.ONE);
        assertThat(first.component2()).isEqualTo(BigInteger.valueOf(3_000_00000000L));
        assertThat(first.component4()).isPositive();

        feed.updateAnswer(BigInteger.valueOf(-5)).send();
        feed.updateRoundData(BigInteger.valueOf(2_900_00000000L), BigInteger.valueOf(1_000), BigInteger.valueOf(1_001))
                .send();
        Tuple5<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger> latest =
                reader.latestRoundData().send();
        assertThat(latest.component1()).isEqualTo(BigInteger.valueOf(3));
        assertThat(latest.component2()).isEqualTo(BigInteger.valueOf(2_900_00000000L));
        assertThat(latest.component3()).isEqualTo(BigInteger.valueOf(1_000));
        assertThat(latest.component4()).isEqualTo(BigInteger.valueOf(1_001));
        assertThat(latest.component5()).isEqualTo(BigInteger.valueOf(3));
        assertThat(reader.getRoundData(BigInteger.TWO).send().component2()).isEqualTo(BigInteger.valueOf(-5));
        assertThat(reader.getRoundData(BigInteger.ONE).send().component2())
                .isEqualTo(BigInteger.valueOf(3_000_00000000L));

        assertThatThrownBy(() -> reader.getRoundData(BigInteger.valueOf(4)).send())
                .hasMessageContaining(
                        LocalChain.selector("NoDataPresent(uint80)").substring(2));
    }

    @Test
    void the_test_token_has_six_decimals_and_mints_to_anyone() throws Exception {
        TestToken token = chain.deployToken(owner);
        assertThat(token.decimals().send()).isEqualTo(BigInteger.valueOf(6));
        Credentials someone = chain.account(7);
        chain.token(token.getContractAddress(), someone)
                .mint(someone.getAddress(), BigInteger.valueOf(42))
                .send();
        assertThat(token.balanceOf(someone.getAddress()).send()).isEqualTo(BigInteger.valueOf(42));
        assertThat(token.totalSupply().send()).isEqualTo(BigInteger.valueOf(42));
        expectRevert(
                "ERC20InsufficientBalance(address,uint256,uint256)",
                () -> chain.token(token.getContractAddress(), owner)
                        .transfer(someone.getAddress(), BigInteger.ONE)
                        .send());
    }
}
