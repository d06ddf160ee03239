package dev.mapper.expr;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * JEXL's RESTRICTED permissions still let {@code ''.getClass()} reach {@link Class}; this closes
 * that door: no Class objects, no getClass, wait or notify, no constructors, no public fields.
 */
final class Sandbox implements JexlPermissions {
    /** Of Object's own methods only these: wait, notify and getClass are no business of a transform. */
    private static final java.util.Set<String> OBJECT_METHODS = java.util.Set.of("equals", "hashCode", "toString");
    private final JexlPermissions base;

    Sandbox(JexlPermissions base) {
        this.base = base;
    }

    @Override
    public boolean allow(Class<?> clazz) {
        return clazz != Class.class && !ClassLoader.class.isAssignableFrom(clazz) && base.allow(clazz);
    }

    @Override
    public boolean allow(Constructor<?> ctor) {
        return false;
    }

    @Override
    public boolean allow(Field field) {
        return false;
    }

    @Override
    public boolean allow(Method method) {
        return !(method.getDeclaringClass() == Object.class && !OBJECT_METHODS.contains(method.getName()))
                && !method.getName().equals("getClass")
                && method.getDeclaringClass() != Class.class
                && !java.lang.reflect.Modifier.isStatic(method.getModifiers())
                && base.allow(method);
    }

    @Override
    public boolean allow(Package pack) {
        return base.allow(pack);
    }

    @Override
    public JexlPermissions compose(String... src) {
        return new Sandbox(base.compose(src));
    }
}
