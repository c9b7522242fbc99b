# EIL Hub: the server with the web app, for docker-compose.yml.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN rustup target add wasm32-unknown-unknown \
 && cargo xtask build-web \
 && cargo build --release -p eil-backend --bin eil-server

FROM debian:bookworm-slim
# SQLite and libpq are compiled into the binary; nothing else is needed at run time.
COPY --from=build /src/target/release/eil-server /usr/local/bin/eil-server
COPY --from=build /src/frontend/dist /srv/eil-hub/web
ENV EIL_BIND=0.0.0.0:8080 EIL_WEB_DIR=/srv/eil-hub/web
# The working folder holds the SQLite file and the development secret when those are used.
RUN mkdir -p /var/lib/eil-hub && chown nobody /var/lib/eil-hub
WORKDIR /var/lib/eil-hub
EXPOSE 8080
USER nobody
ENTRYPOINT ["eil-server"]
