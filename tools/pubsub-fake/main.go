// Command pubsub-fake serves Google's in-memory Pub/Sub fake (pstest: the real gRPC API,
// StreamingPull included) on a TCP port, so tests and local runs can point
// PUBSUB_EMULATOR_HOST at it. No emulator ships on npm; this is the smallest real one.
//
// Usage: pubsub-fake [-host 127.0.0.1] [-port 0]
// Prints "pubsub-fake listening on HOST:PORT" on stdout once it accepts connections and
// runs until SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"cloud.google.com/go/pubsub/v2/pstest"
)

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 0, "port to listen on (0: a free one, printed at start)")
	flag.Parse()

	srv := pstest.NewServerWithAddress(fmt.Sprintf("%s:%d", *host, *port))
	fmt.Printf("pubsub-fake listening on %s\n", srv.Addr)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	_ = srv.Close()
}
