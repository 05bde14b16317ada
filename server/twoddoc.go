package server

import (
	"context"

	"github.com/idcontrol/idcontrol/checks/doc2d"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

type twoDDocServer struct {
	idcontrolv1.UnimplementedTwoDDocServiceServer
	deps *deps
}

var _ idcontrolv1.TwoDDocServiceServer = (*twoDDocServer)(nil)

// DecodeTwoDDoc decodes a raw 2D-Doc and verifies it against the trust
// store. A text that is not a 2D-Doc is an answer (decoded false, a
// finding), not an error: operators paste what their scanner gave.
func (s *twoDDocServer) DecodeTwoDDoc(_ context.Context, req *idcontrolv1.DecodeTwoDDocRequest) (*idcontrolv1.DecodeTwoDDocResponse, error) {
	return doc2d.Decode(req.GetRaw(), s.deps.trust), nil
}
