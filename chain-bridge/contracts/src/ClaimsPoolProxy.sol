// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/**
 * @title ClaimsPoolProxy
 * @notice The address of the pool: OpenZeppelin's `ERC1967Proxy`, unchanged, under a name of its own.
 *         It delegates every call to the `ClaimsPool` implementation named in the ERC-1967 slot;
 *         the implementation's `upgradeToAndCall` (UUPS, `UPGRADER_ROLE`) replaces it.
 * @dev Deploy with `(implementation, abi.encodeCall(ClaimsPool.initialize, (...)))`: the pool is
 *      initialised in the proxy's constructor, in the deployment transaction, so no one can
 *      initialise it in between.
 */
contract ClaimsPoolProxy is ERC1967Proxy {
    constructor(address implementation, bytes memory data) payable ERC1967Proxy(implementation, data) {}
}
