package io.phototriage.models.sd;

import java.util.Objects;

/**
 * What the Stable Diffusion networks share: one {@link TorchScriptPart} of the folder, the contract its inputs and
 * outputs are checked against, and closing the part.
 */
abstract class SdNetwork implements AutoCloseable {
    final TorchScriptPart part;
    final SdContract contract;

    SdNetwork(TorchScriptPart part, SdContract contract) {
        this.part = Objects.requireNonNull(part, "part");
        this.contract = Objects.requireNonNull(contract, "contract");
    }

    /**
     * Rejects an input of the wrong length before it reaches the network.
     *
     * @throws IllegalArgumentException when {@code actual != expected}
     */
    static void checkLength(int actual, int expected, String what, String network) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " has " + actual + " values, the " + network + " takes " + expected);
        }
    }

    @Override
    public void close() {
        part.close();
    }
}
