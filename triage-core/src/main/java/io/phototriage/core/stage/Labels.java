package io.phototriage.core.stage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The short names by which options, result files and reports name enum constants ({@code people},
 * {@code other-class}, {@code full}), and the one parser of them, so that every option names its choices the same
 * way and its error lists exactly the values it accepts.
 */
public final class Labels {
    private Labels() {}

    /**
     * The default label of a constant: its name in lower case, with {@code -} for {@code _}.
     *
     * @param constant an enum constant
     * @return e.g. {@code other-class} for {@code OTHER_CLASS}
     */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant whose label is {@code value}, ignoring case and surrounding blanks.
     *
     * @param <E>   the enum type
     * @param type  the enum class
     * @param label how a constant is written ({@link #of(Enum)} or the enum's own label)
     * @param what  what the value names, for the error, e.g. {@code "DeepLab variant"}
     * @param value the text to parse
     * @return the constant it names
     * @throws IllegalArgumentException naming {@code value} and every accepted label, when none matches
     */
    public static <E extends Enum<E>> E parse(Class<E> type, Function<? super E, String> label, String what, String value) {
        String wanted = value.trim();
        for (E constant : type.getEnumConstants()) {
            if (label.apply(constant).equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "': use " + choices(type, label));
    }

    private static <E extends Enum<E>> String choices(Class<E> type, Function<? super E, String> label) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(label).toList();
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }
}
