#!/usr/bin/env bash
# Assembles the file system the production image adds to an empty (scratch) base, for Jib: a Java runtime
# made by jlink from the JDK that builds (the modules the lean jar needs, found with jdeps), the C libraries
# that runtime and RocksDB load, taken from the build machine, and a writable /tmp (RocksDB unpacks its
# library there). So `mvn package` makes the image with no registry and no Docker daemon; the image runs
# on any Linux of the build machine's architecture, as a distroless image does.
#
# usage: assemble-root.sh JAVA_HOME OUTPUT_DIR
set -euo pipefail
java_home=$1
out=$2

rm -rf "$out"
mkdir -p "$out"
# jdeps --print-module-deps on atoz-watch-service.jar gives java.base, java.desktop, java.instrument, java.naming,
# java.net.http, java.security.jgss, java.security.sasl, java.sql, jdk.management, jdk.unsupported; TLS needs
# jdk.crypto.ec, the notices' locales jdk.localedata (en, fr, de, es, it), reading jars jdk.zipfs.
"$java_home/bin/jlink" --module-path "$java_home/jmods" \
    --add-modules java.base,java.desktop,java.instrument,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.localedata,jdk.zipfs \
    --include-locales=en,fr,de,es,it \
    --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$out/opt/java"

# The loader and the libraries of java itself (libjli comes with the runtime) and of RocksDB (C++). AWT's
# libraries (java.desktop) are never loaded by a server and stay out.
loader=$(ldd "$out/opt/java/bin/java" | awk '$1 ~ /ld-linux/ { print $1 }')
mkdir -p "$out$(dirname "$loader")"
cp -L "$loader" "$out$loader"
for lib in libc.so.6 libdl.so.2 libm.so.6 libpthread.so.0 librt.so.1 libz.so.1 libstdc++.so.6 libgcc_s.so.1; do
    # the first match, reading to the end (an early exit would kill ldconfig with SIGPIPE, failing the pipe)
    path=$(/sbin/ldconfig -p | awk -v lib="$lib" '!found && $1 == lib && /x86-64|aarch64|AArch64/ { print $NF; found = 1 }')
    if [ -z "$path" ]; then
        echo "assemble-root.sh: $lib not found on this machine (ldconfig -p)" >&2
        exit 1
    fi
    mkdir -p "$out$(dirname "$path")"
    cp -L "$path" "$out$path"
done

mkdir -p "$out/tmp" "$out/var/lib/atoz-watch"
