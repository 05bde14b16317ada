package server

import (
	"context"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/mrzparse"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

type mrzServer struct {
	idcontrolv1.UnimplementedMrzServiceServer
	deps *deps
}

var _ idcontrolv1.MrzServiceServer = (*mrzServer)(nil)

func (s *mrzServer) ParseMrz(_ context.Context, req *idcontrolv1.ParseMrzRequest) (*idcontrolv1.ParseMrzResponse, error) {
	var v checks.Violations
	ref := s.deps.referenceDate(&v, req.GetReferenceDate())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	resp, err := mrzparse.Parse(req.GetLines(), ref)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}
