package io.phototriage.core.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A test class or method that loads native code: DJL's PyTorch or OnnxRuntime engine, OpenCV or FFmpeg through JavaCV.
 * The build's one switch, {@code -Dskip.native.tests=true} (root pom, passed to surefire), turns all of them off on a
 * machine without those natives.
 */
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(named = NeedsNatives.SWITCH, matches = "true")
public @interface NeedsNatives {
    /** The system property that turns the native tests off. */
    String SWITCH = "skip.native.tests";
}
