package server

import (
	"context"

	"github.com/idcontrol/idcontrol/checks/identifier"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

type identifierServer struct {
	idcontrolv1.UnimplementedIdentifierServiceServer
}

var _ idcontrolv1.IdentifierServiceServer = (*identifierServer)(nil)

func (s *identifierServer) ValidateIdentifiers(_ context.Context, req *idcontrolv1.ValidateIdentifiersRequest) (*idcontrolv1.ValidateIdentifiersResponse, error) {
	resp, err := identifier.Validate(req.GetIdentifiers())
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}
