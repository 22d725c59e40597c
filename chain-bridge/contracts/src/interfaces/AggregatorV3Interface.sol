// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

/**
 * @title AggregatorV3Interface
 * @notice The read interface of a Chainlink price feed (data feed aggregator, v3), declared here
 *         so the repository does not depend on Chainlink's packages.
 */
interface AggregatorV3Interface {
    /// @notice Number of decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice Human-readable description of the feed, e.g. "ETH / USD".
    function description() external view returns (string memory);

    /// @notice Version of the aggregator.
    function version() external view returns (uint256);

    /**
     * @notice Data of one round.
     * @param _roundId The round id.
     * @return roundId The round id.
     * @return answer The answer of the round.
     * @return startedAt Timestamp the round started at.
     * @return updatedAt Timestamp the answer was last updated at.
     * @return answeredInRound The round the answer was computed in.
     */
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /**
     * @notice Data of the latest round.
     * @return roundId The round id.
     * @return answer The answer of the round.
     * @return startedAt Timestamp the round started at.
     * @return updatedAt Timestamp the answer was last updated at.
     * @return answeredInRound The round the answer was computed in.
     */
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
