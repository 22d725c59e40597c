// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title TestToken
 * @notice A 6-decimal ERC-20 stand-in for a stablecoin, FOR LOCAL CHAINS AND TESTS ONLY:
 *         anyone may mint any amount.
 */
contract TestToken is ERC20 {
    /**
     * @notice Creates the token.
     * @param name_ Token name.
     * @param symbol_ Token symbol.
     */
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice 6 decimals, like USDC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /**
     * @notice Mints `amount` to `to`. Unrestricted: local use only.
     * @param to Receiver.
     * @param amount Amount in the smallest unit.
     */
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
