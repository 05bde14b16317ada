package server

import (
	"context"

	"github.com/idcontrol/idcontrol/checks/digitalidentity"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

func (s *controlServer) CheckDigitalIdentity(_ context.Context, req *idcontrolv1.CheckDigitalIdentityRequest) (*idcontrolv1.CheckDigitalIdentityResponse, error) {
	resp, err := digitalidentity.Check(req)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}
