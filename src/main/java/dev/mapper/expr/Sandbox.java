package dev.mapper.expr;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * JEXL's RESTRICTED permissions still let {@code ''.getClass()} reach {@link Class}; this closes
 * that door: no Class objects, no getClass, no constructors, no public fields.
 */
final class Sandbox implements JexlPermissions {
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
        return !method.getName().equals("getClass")
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
