// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/**
 * @title TestPriceFeed
 * @notice A settable Chainlink-style price feed, FOR LOCAL CHAINS AND TESTS ONLY: anyone may push
 *         a new answer.
 */
contract TestPriceFeed is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    /// @notice Emitted for every pushed answer (same shape as Chainlink's `AnswerUpdated`).
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    /// @notice The requested round has no data.
    error NoDataPresent(uint80 roundId);

    uint8 private immutable _decimals;
    string private _description;
    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    /**
     * @notice Creates the feed with a first round.
     * @param decimals_ Decimals of the answers.
     * @param description_ Feed description, e.g. "ETH / USD".
     * @param initialAnswer Answer of round 1.
     */
    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        _decimals = decimals_;
        _description = description_;
        _push(initialAnswer, block.timestamp, block.timestamp);
    }

    /**
     * @notice Pushes a new round with `answer`, timestamped with the current block.
     * @param answer The new answer.
     * @return roundId The id of the new round.
     */
    function updateAnswer(int256 answer) external returns (uint80 roundId) {
        return _push(answer, block.timestamp, block.timestamp);
    }

    /**
     * @notice Pushes a new round with explicit timestamps (e.g. to simulate a stale feed).
     * @param answer The new answer.
     * @param startedAt Timestamp the round started at.
     * @param updatedAt Timestamp the answer was updated at.
     * @return roundId The id of the new round.
     */
    function updateRoundData(int256 answer, uint256 startedAt, uint256 updatedAt) external returns (uint80 roundId) {
        return _push(answer, startedAt, updatedAt);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (_roundId == 0 || _roundId > _latestRound) revert NoDataPresent(_roundId);
        Round storage round = _rounds[_roundId];
        return (_roundId, round.answer, round.startedAt, round.updatedAt, _roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint80 latest = _latestRound;
        Round storage round = _rounds[latest];
        return (latest, round.answer, round.startedAt, round.updatedAt, latest);
    }

    function _push(int256 answer, uint256 startedAt, uint256 updatedAt) private returns (uint80 roundId) {
        roundId = _latestRound + 1;
        _latestRound = roundId;
        _rounds[roundId] = Round(answer, startedAt, updatedAt);
        emit AnswerUpdated(answer, roundId, updatedAt);
    }
}
