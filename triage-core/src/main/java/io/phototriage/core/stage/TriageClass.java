package io.phototriage.core.stage;

import java.util.Locale;

/** The three classes a photo is triaged into. */
public enum TriageClass {
    /** The photo is about people. */
    PEOPLE,
    /** The photo is about pets (dogs, cats). */
    PETS,
    /** The photo is about neither people nor pets. */
    NEITHER;

    /**
     * The lower-case label used in files and reports ({@code people}, {@code pets}, {@code neither}).
     *
     * @return the lower-case name used in results and options
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a label written by {@link #label()} (case-insensitive).
     *
     * @param label a label, case-insensitive
     * @return the class
     */
    public static TriageClass ofLabel(String label) {
        for (TriageClass c : values()) {
            if (c.label().equalsIgnoreCase(label.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown triage class '" + label + "': expected people, pets or neither");
    }
}
