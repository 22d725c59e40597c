// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

import {ClaimsPool} from "../ClaimsPool.sol";

/**
 * @title ClaimsPoolV2
 * @notice A second implementation of the pool for the upgrade tests (**local use only**): the same
 *         contract, same storage, plus `version()`. The proxy upgraded to it keeps every balance,
 *         batch, redemption and role.
 */
contract ClaimsPoolV2 is ClaimsPool {
    /// @notice The implementation's version.
    function version() external pure returns (string memory) {
        return "2";
    }
}
