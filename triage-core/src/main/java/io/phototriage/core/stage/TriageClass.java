package io.phototriage.core.stage;

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
        return Labels.of(this);
    }

    /**
     * Parses a label written by {@link #label()} (case-insensitive).
     *
     * @param label a label, case-insensitive
     * @return the class
     * @throws IllegalArgumentException for anything else, naming the three labels
     */
    public static TriageClass ofLabel(String label) {
        return Labels.parse(TriageClass.class, TriageClass::label, "triage class", label);
    }
}
